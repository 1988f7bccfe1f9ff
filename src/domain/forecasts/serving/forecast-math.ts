import { forecast, seriesBatch, type ForecastResult } from '../../../compute';

/** Seasonal period the forecasts assume per interval: the week in daily data, the year in weekly data. */
export const SEASON = { DAY: 7, WEEK: 52 } as const;

/** One forecast period: its date, the mean and one (lower, upper) band per requested level. */
export interface ForecastPointRecord {
  date: string;
  mean: number;
  bands: Array<{ level: number; lower: number; upper: number }>;
}

/** sMAPE (M4: 200·|y−ŷ|/(|y|+|ŷ|), 0 when both are 0) and MASE (scaled by the in-sample seasonal-naive error). */
export interface BacktestAccuracy {
  smape: number;
  mase: number | null;
  /** Periods held out (the forecast's horizon, or less for short histories). */
  periods: number;
}

/** Forecasts several non-negative series with `auto`; means and bounds are clipped at zero (counts). */
export async function forecastCounts(series: Float64Array[], horizon: number, season: number, levels: number[]): Promise<ForecastResult> {
  const out = await forecast(seriesBatch(series), { horizon, season, levels, model: 'auto' });
  for (const a of [out.mean, out.lower, out.upper]) for (let i = 0; i < a.length; i++) if (!(a[i] > 0)) a[i] = 0;
  return out;
}

/** Series i's points, dated from `dates` (one per future period). */
export function pointsOf(out: ForecastResult, i: number, dates: string[]): ForecastPointRecord[] {
  const h = out.horizon;
  return dates.map((date, j) => ({
    date,
    mean: out.mean[i * h + j],
    bands: out.levels.map((level, l) => ({
      level,
      lower: out.lower[(i * out.levels.length + l) * h + j],
      upper: out.upper[(i * out.levels.length + l) * h + j],
    })),
  }));
}

export function smape(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < actual.length; j++) {
    const denominator = Math.abs(actual[j]) + Math.abs(predicted[j]);
    sum += denominator === 0 ? 0 : (200 * Math.abs(actual[j] - predicted[j])) / denominator;
  }
  return sum / Math.max(1, actual.length);
}

export function mase(history: ArrayLike<number>, actual: ArrayLike<number>, predicted: ArrayLike<number>, season: number): number | null {
  const m = history.length > season ? season : 1;
  let scale = 0;
  for (let t = m; t < history.length; t++) scale += Math.abs(history[t] - history[t - m]);
  scale /= Math.max(1, history.length - m);
  if (!(scale > 0)) return null;
  let err = 0;
  for (let j = 0; j < actual.length; j++) err += Math.abs(actual[j] - predicted[j]);
  return err / Math.max(1, actual.length) / scale;
}

/**
 * One-origin backtest per series: forecast the last `horizon` periods from what came before, then score them.
 * Series too short to hold out a horizon and keep two seasons get null.
 */
export async function backtest(series: Float64Array[], horizon: number, season: number): Promise<Array<BacktestAccuracy | null>> {
  const usable = series.map((s) => s.length >= horizon + 2 * season + 2);
  const heads = series.filter((_, i) => usable[i]).map((s) => s.subarray(0, s.length - horizon));
  const out = heads.length ? await forecastCounts(heads, horizon, season, [95]) : null;
  let k = 0;
  return series.map((s, i) => {
    if (!usable[i] || !out) return null;
    const actual = s.subarray(s.length - horizon);
    const predicted = out.mean.subarray(k * horizon, (k + 1) * horizon);
    const head = heads[k++];
    return { smape: smape(actual, predicted), mase: mase(head, actual, predicted, season), periods: horizon };
  });
}
