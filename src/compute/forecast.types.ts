/**
 * Model names in the addon's code order (native/include/aisle/forecast.h ForecastModel). `comb_mean` /
 * `comb_median` combine ETS (AICc), Theta, optimised Theta and damped trend; `comb_shd` SES, Holt and damped;
 * `auto` checks for intermittent demand (SBA) and otherwise uses `comb_median`.
 */
export const FORECAST_MODELS = [
  'naive', 'seasonal_naive', 'ses', 'holt', 'damped', 'holt_winters_additive', 'holt_winters_multiplicative', 'ets',
  'theta', 'optimised_theta', 'croston', 'sba', 'tsb', 'naive2', 'comb_shd', 'comb_mean', 'comb_median', 'auto',
] as const;
export type ForecastModelName = (typeof FORECAST_MODELS)[number];

/** Many series in one block: series i is values[offsets[i] .. offsets[i+1]) (offsets has series + 1 entries). */
export interface SeriesBatch {
  values: Float64Array;
  offsets: Int32Array;
}

/**
 * Fixed smoothing parameters. Giving alpha switches off estimation: the model runs with these parameters from
 * heuristic initial states (what the TypeScript references implement). Holt needs beta, damped beta and phi,
 * Holt-Winters beta and gamma. For the Croston family alpha smooths sizes and beta intervals / probability.
 */
export interface SmoothingParams {
  alpha?: number;
  beta?: number;
  gamma?: number;
  phi?: number;
}

export interface ForecastOptions {
  horizon: number;
  /** Seasonal period m (1 = none, the default). */
  season?: number;
  /** Interval coverages in percent, each in (0, 100); default [80, 95]. */
  levels?: number[];
  model?: ForecastModelName;
  params?: SmoothingParams;
}

/**
 * Row-major results for `series` series: mean[i·horizon + j]; lower/upper[(i·levels.length + l)·horizon + j];
 * models[i] the model each series used (for `auto`, `sba`, `comb_median` or `naive` for very short series).
 */
export interface ForecastResult {
  series: number;
  horizon: number;
  levels: number[];
  mean: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  models: ForecastModelName[];
}
