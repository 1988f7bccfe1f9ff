import { Got, invalidArgument } from './errors';
import type { NativeAlsArgs, NativeBprArgs, NativeFoldInArgs } from './factorization.addon';
import type { AlsFoldInParams, AlsInput, BprInput } from './factorization.types';
import { checkEntries, integer, typed, validateInteractions } from './interactions.validation';

const MAX_UINT32 = 2 ** 32 - 1;
/** Larger latent dimensions make the d × d solves dominate and are never useful for recommendations. */
export const MAX_FACTORS = 4096;
/** The most cells one factor matrix (rows × factors) may have: its Float32Array and int offsets stay below 2^31. */
export const MAX_FACTOR_CELLS = 2 ** 31 - 1;

/** Refuses factor matrices too large to allocate or index, before any native allocation is attempted. */
function checkFactorCells(fn: string, input: { indptr: Int32Array; nItems: number }, factors: number): void {
  const rows = Math.max(input.indptr.length - 1, input.nItems);
  if (rows * factors > MAX_FACTOR_CELLS) {
    throw invalidArgument(fn, 'factors', `at most ${Math.floor(MAX_FACTOR_CELLS / rows)} for ${rows} rows (rows*factors < 2^31)`,
      factors);
  }
}

/** A finite number > 0 (strict) or >= 0, or `fallback` when undefined. */
function finite(fn: string, name: string, value: unknown, strict: boolean, fallback: number): number {
  if (value === undefined) return fallback;
  const ok = typeof value === 'number' && Number.isFinite(value) && (strict ? value > 0 : value >= 0);
  if (!ok) throw invalidArgument(fn, name, strict ? 'a finite number > 0' : 'a finite number >= 0', value);
  return value as number;
}

/** Validates an ALS input and resolves its defaults into the native arguments. */
export function resolveAlsArgs(fn: string, input: AlsInput): NativeAlsArgs {
  if (typeof input !== 'object' || input === null) throw invalidArgument(fn, 'input', 'an object', input);
  const factors = integer(fn, 'factors', input.factors, 1, MAX_FACTORS);
  const args: NativeAlsArgs = {
    indptr: input.indptr, indices: input.indices, values: input.values, nItems: input.nItems, factors,
    regularization: finite(fn, 'regularization', input.regularization, true, 0.01),
    alpha: finite(fn, 'alpha', input.alpha, false, 1),
    iterations: integer(fn, 'iterations', input.iterations, 0, 100_000, 15),
    cgSteps: integer(fn, 'cgSteps', input.cgSteps, 1, 100_000, 3),
    seed: integer(fn, 'seed', input.seed, 0, MAX_UINT32, 0),
    solver: input.solver ?? 'cg',
    computeLoss: input.computeLoss ?? true,
    kernel: input.kernel ?? 'auto',
  };
  if (args.solver !== 'cg' && args.solver !== 'cholesky') {
    throw invalidArgument(fn, 'solver', "'cg' or 'cholesky'", input.solver);
  }
  if (typeof args.computeLoss !== 'boolean') throw invalidArgument(fn, 'computeLoss', 'a boolean', input.computeLoss);
  if (args.kernel !== 'auto' && args.kernel !== 'scalar') throw invalidArgument(fn, 'kernel', "'auto' or 'scalar'", input.kernel);
  validateInteractions(fn, input);
  checkFactorCells(fn, input, factors);
  return args;
}

/** Validates a fold-in call and resolves its defaults into the native arguments. */
export function resolveFoldInArgs(fn: string, itemFactors: Float32Array, items: Int32Array, values: Float32Array,
  params: AlsFoldInParams): NativeFoldInArgs {
  if (typeof params !== 'object' || params === null) throw invalidArgument(fn, 'params', 'an object', params);
  const factors = integer(fn, 'factors', params.factors, 1, MAX_FACTORS);
  typed(fn, 'itemFactors', itemFactors, 'Float32Array', 'nItems*factors');
  if (itemFactors.length % factors !== 0) {
    throw invalidArgument(fn, 'itemFactors', 'a Float32Array of length nItems*factors', itemFactors.length);
  }
  const nItems = itemFactors.length / factors;
  typed(fn, 'items', items, 'Int32Array');
  typed(fn, 'values', values, 'Float32Array', 'items.length');
  if (values.length !== items.length) {
    throw invalidArgument(fn, 'values', `a Float32Array of length items.length = ${items.length}`, values.length);
  }
  const sorted = Int32Array.from(items).sort();
  for (let p = 1; p < sorted.length; p++) {
    if (sorted[p] === sorted[p - 1]) throw invalidArgument(fn, 'items', 'distinct item ids', new Got(`${sorted[p]} twice`));
  }
  checkEntries(fn, items, values, nItems, 0, items.length, 'items', 'values', false);
  const args: NativeFoldInArgs = {
    itemFactors, items, values, factors,
    regularization: finite(fn, 'regularization', params.regularization, true, 0.01),
    alpha: finite(fn, 'alpha', params.alpha, false, 1),
  };
  if (params.itemGram !== undefined) {
    typed(fn, 'itemGram', params.itemGram, 'Float64Array', 'factors*factors');
    if (params.itemGram.length !== factors * factors) {
      throw invalidArgument(fn, 'itemGram', `a Float64Array of length factors*factors = ${factors * factors}`,
        params.itemGram.length);
    }
    args.itemGram = params.itemGram;
  }
  return args;
}

/** Validates a BPR input and resolves its defaults into the native arguments. */
export function resolveBprArgs(fn: string, input: BprInput): NativeBprArgs {
  if (typeof input !== 'object' || input === null) throw invalidArgument(fn, 'input', 'an object', input);
  const args: NativeBprArgs = {
    indptr: input.indptr, indices: input.indices, values: input.values, nItems: input.nItems,
    factors: integer(fn, 'factors', input.factors, 1, MAX_FACTORS),
    learningRate: finite(fn, 'learningRate', input.learningRate, true, 0.05),
    regularization: finite(fn, 'regularization', input.regularization, false, 0.01),
    epochs: integer(fn, 'epochs', input.epochs, 0, 100_000, 20),
    seed: integer(fn, 'seed', input.seed, 0, MAX_UINT32, 0),
  };
  validateInteractions(fn, input);
  checkFactorCells(fn, input, args.factors);
  return args;
}
