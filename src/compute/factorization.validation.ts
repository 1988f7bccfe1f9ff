import { Got, invalidArgument } from './errors';
import type { NativeAlsArgs, NativeBprArgs, NativeFoldInArgs } from './factorization.addon';
import type { AlsFoldInParams, AlsInput, BprInput, InteractionCsr } from './factorization.types';

const MAX_INT32 = 2 ** 31 - 1;
const MAX_UINT32 = 2 ** 32 - 1;
/** Larger latent dimensions make the d × d solves dominate and are never useful for recommendations. */
export const MAX_FACTORS = 4096;

type TypedName = 'Float32Array' | 'Float64Array' | 'Int32Array';
const ARTICLE: Record<TypedName, string> = { Float32Array: 'a', Float64Array: 'a', Int32Array: 'an' };

/** Realm-independent type test (instanceof fails for arrays made in another realm, e.g. under jest). */
function isTyped(value: unknown, name: TypedName): boolean {
  return ArrayBuffer.isView(value) && (value as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === name;
}

function typed(fn: string, name: string, value: unknown, type: TypedName, lengthText?: string): void {
  if (!isTyped(value, type)) {
    throw invalidArgument(fn, name, `${ARTICLE[type]} ${type}${lengthText ? ` of length ${lengthText}` : ''}`, value);
  }
}

/** An integer in [min, max], or `fallback` when undefined. */
function integer(fn: string, name: string, value: unknown, min: number, max: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const expected = min === 1 && max === MAX_INT32 ? 'a positive integer' : `an integer in [${min}, ${max}]`;
    throw invalidArgument(fn, name, expected, value);
  }
  return value;
}

/** A finite number > 0 (strict) or >= 0, or `fallback` when undefined. */
function finite(fn: string, name: string, value: unknown, strict: boolean, fallback: number): number {
  if (value === undefined) return fallback;
  const ok = typeof value === 'number' && Number.isFinite(value) && (strict ? value > 0 : value >= 0);
  if (!ok) throw invalidArgument(fn, name, strict ? 'a finite number > 0' : 'a finite number >= 0', value);
  return value as number;
}

/** Over [begin, end): item ids in [0, nItems), strictly increasing when `increasing`; weights finite and >= 0. */
function checkEntries(fn: string, ids: Int32Array, values: Float32Array, nItems: number, begin: number,
  end: number, idsName: string, increasing: boolean): void {
  for (let p = begin; p < end; p++) {
    if (ids[p] < 0 || ids[p] >= nItems) {
      throw invalidArgument(fn, `${idsName}[${p}]`, `an item id in [0, nItems) = [0, ${nItems})`, ids[p]);
    }
    if (increasing && p > begin && ids[p] <= ids[p - 1]) {
      throw invalidArgument(fn, `${idsName}[${p}]`, `> ${idsName}[${p - 1}] = ${ids[p - 1]} (ids increase within a row)`,
        ids[p]);
    }
    const v = values[p];
    if (!(v >= 0) || v === Infinity) throw invalidArgument(fn, 'values', 'finite and >= 0', new Got(`${v} at index ${p}`));
  }
}

/**
 * Checks a CSR interaction matrix (indptr from 0, non-decreasing, ending at indices.length; item ids in
 * [0, nItems), strictly increasing within a row; weights finite and >= 0) and returns the number of users.
 */
export function validateInteractions(fn: string, m: InteractionCsr): number {
  const nItems = integer(fn, 'nItems', m.nItems, 0, MAX_INT32);
  typed(fn, 'indptr', m.indptr, 'Int32Array', 'nUsers+1');
  if (m.indptr.length < 1) throw invalidArgument(fn, 'indptr', 'an Int32Array of length nUsers+1', m.indptr);
  typed(fn, 'indices', m.indices, 'Int32Array');
  typed(fn, 'values', m.values, 'Float32Array', 'indices.length');
  const { indptr, indices, values } = m;
  if (values.length !== indices.length) {
    throw invalidArgument(fn, 'values', `a Float32Array of length indices.length = ${indices.length}`, values.length);
  }
  const nUsers = indptr.length - 1;
  if (indptr[0] !== 0) throw invalidArgument(fn, 'indptr[0]', '0', indptr[0]);
  if (indptr[nUsers] !== indices.length) {
    throw invalidArgument(fn, 'indptr[nUsers]', `indices.length = ${indices.length}`, indptr[nUsers]);
  }
  for (let u = 0; u < nUsers; u++) {
    if (indptr[u + 1] < indptr[u]) {
      throw invalidArgument(fn, `indptr[${u + 1}]`, `>= indptr[${u}] = ${indptr[u]}`, indptr[u + 1]);
    }
    checkEntries(fn, indices, values, nItems, indptr[u], indptr[u + 1], 'indices', true);
  }
  return nUsers;
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
  checkEntries(fn, items, values, nItems, 0, items.length, 'items', false);
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
  return args;
}
