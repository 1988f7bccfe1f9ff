import { forecast, seriesBatch, type ForecastModelName } from '../../../compute';
import { mase, smape } from './accuracy';
import { pairSeries, readM4File } from './m4-format';

/** One train/test pair of M4-format files with its horizon and seasonal periods. */
export interface EvaluationFile {
  train: string;
  test: string;
  horizon: number;
  season: number;
  maseSeason: number;
}

/** Sums over series, so files can be pooled into a series-weighted total. */
export interface AccuracySums {
  model: string;
  smape: number;
  mase: number;
  covered: number;
  points: number;
  series: number;
  seconds: number;
}

export interface AccuracyRow {
  model: string;
  smape: number;
  mase: number;
  owa: number;
  coverage95: number;
  series: number;
  seconds: number;
}

/** The models a default run reports; Naive2 is always run since OWA is relative to it. */
export const DEFAULT_EVAL_MODELS: (ForecastModelName)[] = [
  'naive2', 'naive', 'seasonal_naive', 'ses', 'holt', 'damped', 'comb_shd', 'theta', 'optimised_theta', 'ets', 'comb_mean', 'auto',
];

/** Forecasts every series of one file pair with `model` and sums its accuracy. */
async function scoreModel(model: ForecastModelName, f: EvaluationFile, train: number[][], test: number[][]): Promise<AccuracySums> {
  const start = process.hrtime.bigint();
  const out = await forecast(seriesBatch(train), { horizon: f.horizon, season: f.season, levels: [95], model });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const h = f.horizon;
  const sums: AccuracySums = { model, smape: 0, mase: 0, covered: 0, points: 0, series: train.length, seconds };
  train.forEach((insample, i) => {
    const mean = out.mean.subarray(i * h, (i + 1) * h);
    sums.smape += smape(test[i], mean, h);
    sums.mase += mase(insample, test[i], mean, h, f.maseSeason);
    for (let j = 0; j < h; j++) {
      const y = test[i][j];
      sums.covered += Number(y >= out.lower[i * h + j] && y <= out.upper[i * h + j]);
      sums.points += 1;
    }
  });
  return sums;
}

/** Accuracy sums per model for one file pair (models in the order given, naive2 added when missing). */
export async function evaluateFile(f: EvaluationFile, models: ForecastModelName[]): Promise<AccuracySums[]> {
  const train = readM4File(f.train);
  const test = readM4File(f.test);
  pairSeries(train, test, f.horizon);
  const all = models.includes('naive2') ? models : ['naive2' as const, ...models];
  const out: AccuracySums[] = [];
  for (const model of all) out.push(await scoreModel(model, f, train.series, test.series));
  return out;
}

/** Pools the sums of several files model by model (series-weighted). */
export function pool(files: AccuracySums[][]): AccuracySums[] {
  return files[0].map((first, k) => files.slice(1).reduce((acc, rows) => {
    const r = rows[k];
    return {
      model: acc.model, smape: acc.smape + r.smape, mase: acc.mase + r.mase, covered: acc.covered + r.covered,
      points: acc.points + r.points, series: acc.series + r.series, seconds: acc.seconds + r.seconds,
    };
  }, { ...first }));
}

/** Means per series and OWA = ½(sMAPE / sMAPE_Naive2 + MASE / MASE_Naive2), Naive2 taken from the same sums. */
export function accuracyRows(sums: AccuracySums[]): AccuracyRow[] {
  const naive2 = sums.find((s) => s.model === 'naive2');
  if (!naive2) throw new Error('accuracyRows: naive2 is missing');
  const n2s = naive2.smape / naive2.series, n2m = naive2.mase / naive2.series;
  return sums.map((s) => {
    const sm = s.smape / s.series, ma = s.mase / s.series;
    return {
      model: s.model, smape: sm, mase: ma, owa: 0.5 * (sm / n2s + ma / n2m), coverage95: s.covered / s.points,
      series: s.series, seconds: s.seconds,
    };
  });
}
