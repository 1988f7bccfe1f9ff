import type { TrainingSettings } from '../../../config/config';
import { BadUserInputError } from '../../common/errors';

/** The model kinds this pipeline trains; other ModelKinds are refused by trainModel. */
export const TRAINABLE_KINDS = ['ALS', 'BPR', 'EASE', 'ITEM_KNN', 'POPULARITY'] as const;
export type TrainableKind = (typeof TRAINABLE_KINDS)[number];

/** A numeric hyper-parameter: default and accepted range (inclusive), integer or not. */
interface NumberSpec {
  default: number;
  min: number;
  max: number;
  integer?: boolean;
}

/**
 * Defaults per kind, taken from the MovieLens tuning in ../evaluation/models.ts (EASE λ 400; ALS 128 factors,
 * λ 100, α 20, 15 iterations; BPR 64 factors, lr 0.05, reg 0.01, 100 epochs; item-kNN 200 neighbours). Popularity
 * decays with a 30-day half-life (a shop's trend moves faster than MovieLens's).
 */
const KIND_PARAMS: Record<TrainableKind, Record<string, NumberSpec>> = {
  ALS: {
    factors: { default: 128, min: 1, max: 1024, integer: true },
    regularization: { default: 100, min: 0, max: 1e6 },
    alpha: { default: 20, min: 0, max: 1e6 },
    iterations: { default: 15, min: 1, max: 200, integer: true },
    seed: { default: 42, min: 0, max: 4294967295, integer: true },
  },
  BPR: {
    factors: { default: 64, min: 1, max: 1024, integer: true },
    learningRate: { default: 0.05, min: 1e-6, max: 10 },
    regularization: { default: 0.01, min: 0, max: 100 },
    epochs: { default: 100, min: 1, max: 1000, integer: true },
    seed: { default: 42, min: 0, max: 4294967295, integer: true },
  },
  EASE: { lambda: { default: 400, min: 1e-6, max: 1e9 } },
  ITEM_KNN: {
    neighbors: { default: 200, min: 1, max: 10_000, integer: true },
    shrink: { default: 0, min: 0, max: 1e6 },
  },
  POPULARITY: { halfLifeDays: { default: 30, min: 0.01, max: 36_500 } },
};

/** Keys every kind takes: the holdout share and the optional event time decay (days; null = none). */
const COMMON_PARAMS: Record<string, NumberSpec> = {
  holdoutFraction: { default: 0.1, min: 0, max: 0.5 },
};

/** Validated, complete training parameters; recorded on the model version as they were used. */
export interface TrainingParams {
  hyper: Record<string, number>;
  holdoutFraction: number;
  decayHalfLifeDays: number | null;
  eventWeights: TrainingSettings['eventWeights'];
  /** Search the hyper-parameters the client did not fix on a validation split of the training part. */
  autotune: boolean;
  /** The hyper-parameter keys the client gave (autotune leaves them as given). */
  fixed: string[];
}

/** The JSON recorded as ModelVersion.params. */
export function paramsJson(params: TrainingParams): Record<string, unknown> {
  return {
    ...params.hyper,
    holdoutFraction: params.holdoutFraction,
    decayHalfLifeDays: params.decayHalfLifeDays,
    eventWeights: params.eventWeights,
    autotune: params.autotune,
  };
}

function checkNumber(key: string, value: unknown, spec: NumberSpec): number {
  const field = `params.${key}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new BadUserInputError(field, 'must be a finite number');
  if (spec.integer && !Number.isInteger(value)) throw new BadUserInputError(field, 'must be an integer');
  if (value < spec.min || value > spec.max) {
    throw new BadUserInputError(field, `must be between ${spec.min} and ${spec.max} (got ${value})`);
  }
  return value;
}

function checkWeights(value: unknown, defaults: TrainingSettings['eventWeights']): TrainingSettings['eventWeights'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadUserInputError('params.eventWeights', 'must be an object of event type → weight');
  }
  const weights = { ...defaults };
  for (const [type, weight] of Object.entries(value)) {
    if (!(type in defaults)) {
      throw new BadUserInputError(`params.eventWeights.${type}`, `unknown event type; known: ${Object.keys(defaults).join(', ')}`);
    }
    weights[type as keyof typeof weights] = checkNumber(`eventWeights.${type}`, weight, { default: 0, min: -100, max: 100 });
  }
  return weights;
}

/**
 * Merges client params over the kind's defaults. Unknown keys and bad values are BAD_USER_INPUT naming the key
 * (`params.factors: must be an integer`), so a typo never trains silently with defaults.
 */
export function resolveTrainingParams(kind: TrainableKind, raw: unknown, settings: TrainingSettings): TrainingParams {
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new BadUserInputError('params', 'must be a JSON object');
  }
  const given = (raw ?? {}) as Record<string, unknown>;
  const specs = { ...KIND_PARAMS[kind], ...COMMON_PARAMS };
  const known = [...Object.keys(specs), 'decayHalfLifeDays', 'eventWeights', 'autotune'];
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) throw new BadUserInputError(`params.${key}`, `unknown parameter for ${kind}; known: ${known.join(', ')}`);
  }
  const values: Record<string, number> = {};
  for (const [key, spec] of Object.entries(specs)) {
    values[key] = given[key] === undefined || given[key] === null ? spec.default : checkNumber(key, given[key], spec);
  }
  if (given.autotune !== undefined && typeof given.autotune !== 'boolean') throw new BadUserInputError('params.autotune', 'must be true or false');
  const { holdoutFraction, ...hyper } = values;
  const decay = given.decayHalfLifeDays;
  return {
    hyper,
    holdoutFraction,
    decayHalfLifeDays:
      decay === undefined || decay === null ? null : checkNumber('decayHalfLifeDays', decay, { default: 0, min: 0.01, max: 36_500 }),
    eventWeights: given.eventWeights === undefined ? { ...settings.eventWeights } : checkWeights(given.eventWeights, settings.eventWeights),
    autotune: given.autotune === true,
    fixed: Object.keys(hyper).filter((key) => given[key] !== undefined && given[key] !== null),
  };
}
