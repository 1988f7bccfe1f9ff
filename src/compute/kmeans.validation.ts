import { finiteValues, numberIn, seedOf, validateDense } from './dense.validation';
import { invalidArgument } from './errors';
import { integer, isTyped, MAX_INT32 } from './interactions.validation';
import type { KMeansInput, SilhouetteInput } from './kmeans.types';

/** The arguments object the native kmeans() reads. */
export interface NativeKMeansArgs {
  data: Float32Array;
  n: number;
  d: number;
  k: number;
  restarts: number;
  maxIterations: number;
  tolerance: number;
  seed: number;
  init?: Float32Array;
}

/** The arguments object the native silhouette() reads. */
export interface NativeSilhouetteArgs {
  data: Float32Array;
  n: number;
  d: number;
  labels: Int32Array;
  k: number;
  sampleSize: number;
  seed: number;
}

function object(fn: string, input: unknown): void {
  if (typeof input !== 'object' || input === null) throw invalidArgument(fn, 'input', 'an object', input);
}

/** Validates kmeans() input and fills the defaults. Messages read "kmeans: <name> must be … (got …)". */
export function resolveKMeansArgs(fn: string, input: KMeansInput): NativeKMeansArgs {
  object(fn, input);
  const { n, d } = validateDense(fn, 'data', input.data, input.n, input.d);
  const k = integer(fn, 'k', input.k, 1, n);
  const args: NativeKMeansArgs = {
    data: input.data, n, d, k,
    restarts: integer(fn, 'restarts', input.restarts, 1, 1000, 4),
    maxIterations: integer(fn, 'maxIterations', input.maxIterations, 1, MAX_INT32, 100),
    tolerance: numberIn(fn, 'tolerance', input.tolerance, 1e-4, { min: 0, max: Infinity }),
    seed: seedOf(fn, input.seed),
  };
  if (input.init !== undefined) {
    if (!isTyped(input.init, 'Float32Array') || input.init.length !== k * d) {
      throw invalidArgument(fn, 'init', `a Float32Array of length k*d = ${k * d}`, input.init);
    }
    finiteValues(fn, 'init', input.init);
    args.init = input.init;
  }
  return args;
}

/** Validates silhouette() input and fills the defaults. */
export function resolveSilhouetteArgs(fn: string, input: SilhouetteInput): NativeSilhouetteArgs {
  object(fn, input);
  const { n, d } = validateDense(fn, 'data', input.data, input.n, input.d);
  const k = integer(fn, 'k', input.k, 1, MAX_INT32);
  const labels = input.labels;
  if (!isTyped(labels, 'Int32Array') || labels.length !== n) {
    throw invalidArgument(fn, 'labels', `an Int32Array of length n = ${n}`, labels);
  }
  for (let i = 0; i < n; i++) {
    if (labels[i] < 0 || labels[i] >= k) {
      throw invalidArgument(fn, `labels[${i}]`, `a cluster id in [0, k) = [0, ${k})`, labels[i]);
    }
  }
  const sampleSize = integer(fn, 'sampleSize', input.sampleSize, 2, MAX_INT32, 10_000);
  return { data: input.data, n, d, labels, k, sampleSize, seed: seedOf(fn, input.seed) };
}
