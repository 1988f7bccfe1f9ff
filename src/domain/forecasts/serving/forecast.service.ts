import type { RequestContext } from '../../common/request-context';
import { SalesSeriesService } from '../series';
import { backtest, forecastCounts, pointsOf, SEASON, type BacktestAccuracy, type ForecastPointRecord } from './forecast-math';
import {
  ensureTargetExists, forecastOrigin, futureDates, targetHistory, validateForecastArgs, type ForecastArgs,
} from './forecast-target';
import { StoredForecasts } from './stored-forecasts';

/** A forecast as clients get it. */
export interface ForecastRecord {
  points: ForecastPointRecord[];
  /** The model that produced it (`auto` picks per series: e.g. comb_median, sba). */
  model: string;
  accuracy: BacktestAccuracy | null;
  /** `stored` (the latest FORECAST run, still fresh) or `computed` (on demand). */
  source: 'stored' | 'computed';
  note: string | null;
}

/**
 * Demand forecasts: from the active FORECAST run when it is fresh (same origin day, daily, covering the horizon
 * and levels), otherwise computed on demand from two years of the target's sales with the addon's automatic model
 * choice, with a one-origin backtest of the same model as its accuracy. Counts never go below zero.
 */
export class ForecastService {
  readonly stored = new StoredForecasts();

  constructor(private readonly series = new SalesSeriesService()) {}

  async forecast(ctx: RequestContext, args: ForecastArgs): Promise<ForecastRecord> {
    const a = validateForecastArgs(args);
    await ensureTargetExists(ctx, a.target);
    const origin = await forecastOrigin(ctx);
    if (a.target.kind === 'product' && a.interval === 'DAY') {
      const hit = await this.stored.lookup(ctx, a.target.id, origin, a.horizon, a.levels);
      if (hit) return { ...hit, source: 'stored', note: null };
    }
    const history = await targetHistory(ctx, this.series, a.target, a.interval, origin);
    const dates = futureDates(history, a.horizon);
    if (history.firstSale < 0) {
      return {
        points: dates.map((date) => ({ date, mean: 0, bands: a.levels.map((level) => ({ level, lower: 0, upper: 0 })) })),
        model: 'none',
        accuracy: null,
        source: 'computed',
        note: `no sales in the last ${history.frame.periods} ${a.interval === 'DAY' ? 'days' : 'weeks'}: the forecast is zero`,
      };
    }
    const values = history.quantity.subarray(history.firstSale);
    const season = SEASON[a.interval];
    const [out, [accuracy]] = await Promise.all([
      forecastCounts([Float64Array.from(values)], a.horizon, season, a.levels),
      backtest([Float64Array.from(values)], a.horizon, season),
    ]);
    return { points: pointsOf(out, 0, dates), model: out.models[0], accuracy, source: 'computed', note: null };
  }
}
