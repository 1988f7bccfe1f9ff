import { firstNonFinite, Got, invalidArgument } from './errors';
import type { TopKInput } from './topk.types';

/** The most result slots (nq × k) one call may ask for: 2^28 slots are 2 GiB of ids and scores. */
export const MAX_TOPK_SLOTS = 2 ** 28;
const MAX_INT32 = 2 ** 31 - 1;

/** The shape a valid input describes. */
export interface TopKShape {
  nq: number;
  ni: number;
  d: number;
  k: number;
}

type TypedName = 'Float32Array' | 'Int32Array' | 'Uint8Array';
const ARTICLE: Record<TypedName, string> = { Float32Array: 'a', Int32Array: 'an', Uint8Array: 'a' };

/** Realm-independent type test (instanceof fails for arrays made in another realm, e.g. under jest). */
function isTyped(value: unknown, name: TypedName): boolean {
  return ArrayBuffer.isView(value) && (value as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === name;
}

function positiveInteger(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_INT32) {
    throw invalidArgument(fn, name, 'a positive integer', value);
  }
  return value;
}

/** A typed array whose length is a multiple of d; returns the number of rows. */
function rows(fn: string, name: string, value: unknown, lengthText: string, d: number): number {
  if (!isTyped(value, 'Float32Array')) throw invalidArgument(fn, name, `a Float32Array of length ${lengthText}`, value);
  const length = (value as Float32Array).length;
  if (length % d !== 0) throw invalidArgument(fn, name, `a Float32Array of length ${lengthText}`, length);
  return length / d;
}

export function optionalArray(fn: string, name: string, value: unknown, type: TypedName, length: number, lengthText: string) {
  if (value === undefined) return;
  const expected = `${ARTICLE[type]} ${type} of length ${lengthText}`;
  if (!isTyped(value, type)) throw invalidArgument(fn, name, expected, value);
  if ((value as Uint8Array).length !== length) throw invalidArgument(fn, name, expected, (value as Uint8Array).length);
}

/** The CSR exclusion lists: both arrays or neither, offsets from 0 up to excludeIds.length, ids in [0, ni). */
export function validateExclusions(
  fn: string,
  input: Pick<TopKInput, 'excludeOffsets' | 'excludeIds'>,
  nq: number,
  ni: number,
): void {
  const { excludeOffsets: offsets, excludeIds: ids } = input;
  if (offsets === undefined && ids === undefined) return;
  if (ids === undefined) {
    throw invalidArgument(fn, 'excludeIds', 'an Int32Array when excludeOffsets is given', ids);
  }
  if (offsets === undefined) {
    throw invalidArgument(fn, 'excludeOffsets', 'an Int32Array when excludeIds is given', offsets);
  }
  optionalArray(fn, 'excludeOffsets', offsets, 'Int32Array', nq + 1, 'nq+1');
  if (!isTyped(ids, 'Int32Array')) throw invalidArgument(fn, 'excludeIds', 'an Int32Array', ids);
  if (offsets[0] !== 0) throw invalidArgument(fn, 'excludeOffsets[0]', '0', offsets[0]);
  for (let q = 1; q <= nq; q++) {
    if (offsets[q] < offsets[q - 1]) {
      throw invalidArgument(fn, `excludeOffsets[${q}]`, `>= excludeOffsets[${q - 1}] = ${offsets[q - 1]}`, offsets[q]);
    }
  }
  if (offsets[nq] !== ids.length) {
    throw invalidArgument(fn, 'excludeOffsets[nq]', `excludeIds.length = ${ids.length}`, offsets[nq]);
  }
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] < 0 || ids[i] >= ni) {
      throw invalidArgument(fn, `excludeIds[${i}]`, `an item id in [0, ni) = [0, ${ni})`, ids[i]);
    }
  }
}

/**
 * Checks everything about a top-K input except finiteness (see nonFiniteError) and returns its shape. Throws
 * TypeErrors made by invalidArgument, so every message reads "<fn>: <name> must be <expected> (got <got>)".
 */
export function validateTopKInput(fn: string, input: TopKInput): TopKShape {
  if (typeof input !== 'object' || input === null) throw invalidArgument(fn, 'input', 'an object', input);
  const d = positiveInteger(fn, 'd', input.d);
  const k = positiveInteger(fn, 'k', input.k);
  const nq = rows(fn, 'queries', input.queries, 'nq*d', d);
  const ni = rows(fn, 'items', input.items, 'ni*d', d);
  if (ni > MAX_INT32) throw invalidArgument(fn, 'items', `at most ${MAX_INT32} rows (item ids are int32)`, ni);
  if (nq * k > MAX_TOPK_SLOTS) {
    throw invalidArgument(fn, 'k', `at most ${Math.floor(MAX_TOPK_SLOTS / nq)} for nq=${nq} (nq*k <= 2^28)`, k);
  }
  validateExclusions(fn, input, nq, ni);
  optionalArray(fn, 'allow', input.allow, 'Uint8Array', ni, 'ni');
  optionalArray(fn, 'bias', input.bias, 'Float32Array', ni, 'ni');
  if (input.kernel !== undefined && input.kernel !== 'auto' && input.kernel !== 'scalar') {
    throw invalidArgument(fn, 'kernel', "'auto' or 'scalar'", input.kernel);
  }
  return { nq, ni, d, k };
}

/**
 * The error naming the first NaN/±Infinity in queries, then items, then bias — or undefined when all are
 * finite. The native kernel detects non-finite input for free during its scan; this finds and names the
 * element only then, so valid calls never pay for an 8 ms JavaScript pass over the items on the event loop.
 */
export function nonFiniteError(fn: string, input: TopKInput): TypeError | undefined {
  const arrays: Array<[string, Float32Array | undefined]> = [
    ['queries', input.queries],
    ['items', input.items],
    ['bias', input.bias],
  ];
  for (const [name, values] of arrays) {
    if (values === undefined) continue;
    const at = firstNonFinite(values);
    if (at >= 0) return invalidArgument(fn, name, 'finite', new Got(`${values[at]} at index ${at}`));
  }
  return undefined;
}
