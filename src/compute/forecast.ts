import { nativeExports } from './addon';
import { withCallerStack } from './caller-stack';
import { invalidArgument } from './errors';
import { FORECAST_MODELS, type ForecastOptions, type ForecastResult, type SeriesBatch } from './forecast.types';
import {
  DEFAULT_FORECAST_LEVELS, integerIn, MAX_FORECAST_HORIZON, validateLevels, validateModel, validateParams,
  validateSeriesBatch,
} from './forecast.validation';

/** The addon's forecasting export (native/binding/forecast_binding.cc; declared here, beside its only caller). */
interface ForecastNative {
  forecast(args: {
    values: Float64Array; offsets: Int32Array; horizon: number; season: number; levels: Float64Array; model: number;
    alpha?: number; beta?: number; gamma?: number; phi?: number;
  }): Promise<{ mean: Float64Array; lower: Float64Array; upper: Float64Array; model: Int32Array }>;
}

/** The most values one call accepts (the offsets are int32). */
const MAX_VALUES = 2 ** 31 - 1;

/**
 * Forecasts every series of the batch `horizon` steps ahead with intervals at `levels` (default 80 and 95), off
 * the event loop on the addon's thread pool. Series whose values are all >= 0 never get negative means or bounds.
 * Messages read "forecast: <name> must be <expected> (got <got>)"; errors carry the caller's stack.
 */
export async function forecast(series: SeriesBatch, options: ForecastOptions): Promise<ForecastResult> {
  const caller = new Error('forecast');
  const fn = 'forecast';
  const n = validateSeriesBatch(fn, series);
  if (series.values.length > MAX_VALUES) throw invalidArgument(fn, 'series.values', `at most ${MAX_VALUES} values`, series.values);
  if (typeof options !== 'object' || options === null) throw invalidArgument(fn, 'options', 'an object', options);
  const horizon = integerIn(fn, 'horizon', options.horizon, 1, MAX_FORECAST_HORIZON);
  const season = integerIn(fn, 'season', options.season ?? 1, 1, 366);
  const levels = validateLevels(fn, options.levels ?? DEFAULT_FORECAST_LEVELS);
  const model = validateModel(fn, options.model ?? 'auto');
  const params = validateParams(fn, model, options.params);
  try {
    const out = await nativeExports<ForecastNative>().forecast({
      values: series.values, offsets: series.offsets, horizon, season, levels: Float64Array.from(levels),
      model: FORECAST_MODELS.indexOf(model), ...params,
    });
    const models = Array.from(out.model, (code) => FORECAST_MODELS[code]);
    return { series: n, horizon, levels: [...levels], mean: out.mean, lower: out.lower, upper: out.upper, models };
  } catch (error) {
    throw withCallerStack(error as Error, caller);
  }
}

/** Packs plain arrays into the batch layout forecast() reads. */
export function seriesBatch(series: ArrayLike<number>[]): SeriesBatch {
  const offsets = new Int32Array(series.length + 1);
  series.forEach((s, i) => (offsets[i + 1] = offsets[i] + s.length));
  const values = new Float64Array(offsets[series.length]);
  series.forEach((s, i) => values.set(Array.from(s), offsets[i]));
  return { values, offsets };
}
