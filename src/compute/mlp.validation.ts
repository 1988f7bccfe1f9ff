import { finiteValues, numberIn, seedOf, validateDense } from './dense.validation';
import { invalidArgument } from './errors';
import { integer, isTyped, MAX_INT32 } from './interactions.validation';
import type { MlpApplyInput, MlpWeights, TrainMlpInput } from './mlp.types';

/** The widest hidden layer and the most hidden layers trainMlp accepts. */
export const MAX_HIDDEN_WIDTH = 4096;
export const MAX_HIDDEN_LAYERS = 16;
/** Bounds that keep every loss and Adam step finite: Adam moves a weight by at most about learningRate per step. */
export const MAX_POSITIVE_WEIGHT = 1e6;

/** The native trainMlp arguments: every setting resolved, hidden as an Int32Array. */
export interface NativeTrainMlpArgs {
  x: Float32Array;
  y: Float32Array;
  n: number;
  d: number;
  hidden: Int32Array;
  learningRate: number;
  l2: number;
  epochs: number;
  batchSize: number;
  validationFraction: number;
  patience: number;
  seed: number;
  positiveWeight: number;
  initialWeights?: Float32Array;
}

/** The native mlpPredict / mlpContributions arguments. */
export interface NativeMlpApplyArgs {
  d: number;
  hidden: Int32Array;
  weights: Float32Array;
  means: Float32Array;
  stds: Float32Array;
  x: Float32Array;
  n: number;
}

/** Weights and biases of a d → hidden… → 1 network. */
export function mlpWeightCount(d: number, hidden: readonly number[]): number {
  const sizes = [d, ...hidden, 1];
  let total = 0;
  for (let l = 0; l + 1 < sizes.length; l++) total += sizes[l] * sizes[l + 1] + sizes[l + 1];
  return total;
}

function hiddenOf(fn: string, name: string, value: unknown, fallback?: number[]): number[] {
  if (value === undefined && fallback) return fallback;
  if (!Array.isArray(value) || value.length > MAX_HIDDEN_LAYERS) {
    throw invalidArgument(fn, name, `an array of at most ${MAX_HIDDEN_LAYERS} layer widths`, value);
  }
  return value.map((w, i) => integer(fn, `${name}[${i}]`, w, 1, MAX_HIDDEN_WIDTH));
}

function labelsOf(fn: string, y: unknown, n: number): Float32Array {
  if (!isTyped(y, 'Float32Array') || (y as Float32Array).length !== n) {
    throw invalidArgument(fn, 'y', `a Float32Array of length n = ${n}`, y);
  }
  const labels = y as Float32Array;
  for (let i = 0; i < n; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw invalidArgument(fn, `y[${i}]`, '0 or 1', labels[i]);
  }
  return labels;
}

/** Validates trainMlp() input and fills the defaults. Messages read "trainMlp: <name> must be … (got …)". */
export function resolveTrainMlpArgs(fn: string, input: TrainMlpInput): NativeTrainMlpArgs {
  if (typeof input !== 'object' || input === null) throw invalidArgument(fn, 'input', 'an object', input);
  const { n, d } = validateDense(fn, 'x', input.x, input.n, input.d);
  const hidden = hiddenOf(fn, 'hidden', input.hidden, [32]);
  const args: NativeTrainMlpArgs = {
    x: input.x, y: labelsOf(fn, input.y, n), n, d, hidden: Int32Array.from(hidden),
    learningRate: numberIn(fn, 'learningRate', input.learningRate, 1e-3, { min: 0, max: 1, minOpen: true }),
    l2: numberIn(fn, 'l2', input.l2, 1e-4, { min: 0, max: Infinity }),
    epochs: integer(fn, 'epochs', input.epochs, 1, 100_000, 200),
    batchSize: integer(fn, 'batchSize', input.batchSize, 1, MAX_INT32, 256),
    validationFraction: numberIn(fn, 'validationFraction', input.validationFraction, 0.2, { min: 0, max: 1, maxOpen: true }),
    patience: integer(fn, 'patience', input.patience, 1, 100_000, 10),
    seed: seedOf(fn, input.seed),
    positiveWeight: numberIn(fn, 'positiveWeight', input.positiveWeight, 1, { min: 0, max: MAX_POSITIVE_WEIGHT, minOpen: true }),
  };
  if (input.initialWeights !== undefined) {
    const count = mlpWeightCount(d, hidden);
    if (!isTyped(input.initialWeights, 'Float32Array') || input.initialWeights.length !== count) {
      throw invalidArgument(fn, 'initialWeights', `a Float32Array of length ${count} (the weight count)`, input.initialWeights);
    }
    finiteValues(fn, 'initialWeights', input.initialWeights);
    args.initialWeights = input.initialWeights;
  }
  return args;
}

function validateModel(fn: string, model: MlpWeights): Int32Array {
  if (typeof model !== 'object' || model === null) throw invalidArgument(fn, 'model', 'an object', model);
  const d = integer(fn, 'model.d', model.d, 1, MAX_INT32);
  const hidden = hiddenOf(fn, 'model.hidden', model.hidden);
  const count = mlpWeightCount(d, hidden);
  if (!isTyped(model.weights, 'Float32Array') || model.weights.length !== count) {
    throw invalidArgument(fn, 'model.weights', `a Float32Array of length ${count} (the weight count)`, model.weights);
  }
  finiteValues(fn, 'model.weights', model.weights);
  for (const key of ['means', 'stds'] as const) {
    const v = model[key];
    if (!isTyped(v, 'Float32Array') || v.length !== d) throw invalidArgument(fn, `model.${key}`, `a Float32Array of length d = ${d}`, v);
    finiteValues(fn, `model.${key}`, v);
  }
  for (let f = 0; f < d; f++) {
    if (!(model.stds[f] > 0)) throw invalidArgument(fn, `model.stds[${f}]`, '> 0', model.stds[f]);
  }
  return Int32Array.from(hidden);
}

/**
 * Validates mlpPredict / mlpContributions input: a consistent model and n × model.d rows. The rows' finiteness is
 * checked natively (in parallel, during standardisation), with the same "x must be finite" message.
 */
export function resolveMlpApplyArgs(fn: string, input: MlpApplyInput): NativeMlpApplyArgs {
  if (typeof input !== 'object' || input === null) throw invalidArgument(fn, 'input', 'an object', input);
  const hidden = validateModel(fn, input.model);
  const { n } = validateDense(fn, 'x', input.x, input.n, input.model.d, false);
  const { d, weights, means, stds } = input.model;
  return { d, hidden, weights, means, stds, x: input.x, n };
}
