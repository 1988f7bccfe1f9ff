import { firstNonFinite, Got, invalidArgument } from './errors';
import { isTyped } from './interactions.validation';
import { FORECAST_MODELS, type ForecastModelName, type SeriesBatch, type SmoothingParams } from './forecast.types';

/** The longest horizon one call accepts: enough for two years of daily forecasts. */
export const MAX_FORECAST_HORIZON = 1000;
export const DEFAULT_FORECAST_LEVELS = [80, 95];

/** An integer in [min, max]. */
export function integerIn(fn: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidArgument(fn, name, `an integer in [${min}, ${max}]`, value);
  }
  return value;
}

/** Offsets from 0, non-decreasing, ending at values.length; finite values. Returns the series count. */
export function validateSeriesBatch(fn: string, batch: SeriesBatch): number {
  if (typeof batch !== 'object' || batch === null) throw invalidArgument(fn, 'series', 'an object', batch);
  const { values, offsets } = batch;
  if (!isTyped(values, 'Float64Array')) throw invalidArgument(fn, 'series.values', 'a Float64Array', values);
  if (!isTyped(offsets, 'Int32Array') || offsets.length < 1) {
    throw invalidArgument(fn, 'series.offsets', 'an Int32Array of length series + 1', offsets);
  }
  if (offsets[0] !== 0) throw invalidArgument(fn, 'series.offsets[0]', '0', offsets[0]);
  const n = offsets.length - 1;
  for (let i = 0; i < n; i++) {
    if (offsets[i + 1] < offsets[i]) {
      throw invalidArgument(fn, `series.offsets[${i + 1}]`, `>= offsets[${i}] = ${offsets[i]}`, offsets[i + 1]);
    }
  }
  if (offsets[n] !== values.length) {
    throw invalidArgument(fn, 'series.offsets[series]', `values.length = ${values.length}`, offsets[n]);
  }
  const bad = firstNonFinite(values);
  if (bad >= 0) throw invalidArgument(fn, 'series.values', 'finite', new Got(`${values[bad]} at index ${bad}`));
  return n;
}

export function validateModel(fn: string, model: unknown): ForecastModelName {
  if (!FORECAST_MODELS.includes(model as ForecastModelName)) {
    throw invalidArgument(fn, 'model', `one of ${FORECAST_MODELS.join(', ')}`, model);
  }
  return model as ForecastModelName;
}

export function validateLevels(fn: string, levels: unknown): number[] {
  if (!Array.isArray(levels) || levels.length > 10) throw invalidArgument(fn, 'levels', 'an array of at most 10 numbers', levels);
  levels.forEach((l, i) => {
    if (typeof l !== 'number' || !(l > 0 && l < 100)) throw invalidArgument(fn, `levels[${i}]`, 'a number in (0, 100)', l);
  });
  return levels as number[];
}

const NEEDS: Partial<Record<ForecastModelName, (keyof SmoothingParams)[]>> = {
  holt: ['beta'], damped: ['beta', 'phi'], holt_winters_additive: ['beta', 'gamma'],
  holt_winters_multiplicative: ['beta', 'gamma'],
};

/** Each given parameter in (0, 1]; with alpha given, the others the model needs must be given too. */
export function validateParams(fn: string, model: ForecastModelName, params: unknown): SmoothingParams {
  if (params === undefined) return {};
  if (typeof params !== 'object' || params === null) throw invalidArgument(fn, 'params', 'an object', params);
  const p = params as SmoothingParams;
  for (const key of ['alpha', 'beta', 'gamma', 'phi'] as const) {
    const v = p[key];
    if (v !== undefined && (typeof v !== 'number' || !(v > 0 && v <= 1))) {
      throw invalidArgument(fn, `params.${key}`, 'a number in (0, 1]', v);
    }
  }
  if (p.alpha !== undefined) {
    for (const key of NEEDS[model] ?? []) {
      if (p[key] === undefined) throw invalidArgument(fn, `params.${key}`, `given with alpha for ${model}`, undefined);
    }
  }
  return { alpha: p.alpha, beta: p.beta, gamma: p.gamma, phi: p.phi };
}
