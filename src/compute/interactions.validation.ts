import { Got, invalidArgument } from './errors';
import type { InteractionCsr } from './interactions.types';

export const MAX_INT32 = 2 ** 31 - 1;

export type TypedName = 'Float32Array' | 'Float64Array' | 'Int32Array';
const ARTICLE: Record<TypedName, string> = { Float32Array: 'a', Float64Array: 'a', Int32Array: 'an' };

/** Realm-independent type test (instanceof fails for arrays made in another realm, e.g. under jest). */
export function isTyped(value: unknown, name: TypedName): boolean {
  return ArrayBuffer.isView(value) && (value as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === name;
}

/** Throws "<fn>: <name> must be a|an <type>[ of length <lengthText>] (got …)" unless `value` is that typed array. */
export function typed(fn: string, name: string, value: unknown, type: TypedName, lengthText?: string): void {
  if (!isTyped(value, type)) {
    throw invalidArgument(fn, name, `${ARTICLE[type]} ${type}${lengthText ? ` of length ${lengthText}` : ''}`, value);
  }
}

/** An integer in [min, max], or `fallback` when undefined. */
export function integer(fn: string, name: string, value: unknown, min: number, max: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const expected = min === 1 && max === MAX_INT32 ? 'a positive integer' : `an integer in [${min}, ${max}]`;
    throw invalidArgument(fn, name, expected, value);
  }
  return value;
}

/**
 * Over [begin, end): item ids in [0, nItems), strictly increasing when `increasing`; weights finite and >= 0.
 * `idsName` and `valuesName` are the names messages use for the two arrays.
 */
export function checkEntries(fn: string, ids: Int32Array, values: Float32Array, nItems: number, begin: number,
  end: number, idsName: string, valuesName: string, increasing: boolean): void {
  for (let p = begin; p < end; p++) {
    if (ids[p] < 0 || ids[p] >= nItems) {
      throw invalidArgument(fn, `${idsName}[${p}]`, `an item id in [0, nItems) = [0, ${nItems})`, ids[p]);
    }
    if (increasing && p > begin && ids[p] <= ids[p - 1]) {
      throw invalidArgument(fn, `${idsName}[${p}]`, `> ${idsName}[${p - 1}] = ${ids[p - 1]} (ids increase within a row)`,
        ids[p]);
    }
    const v = values[p];
    if (!(v >= 0) || v === Infinity) {
      throw invalidArgument(fn, valuesName, 'finite and >= 0', new Got(`${v} at index ${p}`));
    }
  }
}

/**
 * The one check of an InteractionCsr (indptr from 0, non-decreasing, ending at indices.length; item ids in
 * [0, nItems), strictly increasing within a row; weights finite and >= 0); returns the number of users.
 * Messages read "<fn>: <prefix><field> must be <expected> (got <got>)": `prefix` is '' when the matrix's fields
 * sit on the call's own input (trainAls, trainBpr) and e.g. 'x.' or 'users.' when it is a named argument.
 */
export function validateInteractions(fn: string, m: InteractionCsr, prefix = ''): number {
  if (prefix !== '' && (typeof m !== 'object' || m === null)) {
    throw invalidArgument(fn, prefix.slice(0, -1), 'an object', m);
  }
  const nItems = integer(fn, `${prefix}nItems`, m.nItems, 0, MAX_INT32);
  typed(fn, `${prefix}indptr`, m.indptr, 'Int32Array', 'nUsers+1');
  if (m.indptr.length < 1) throw invalidArgument(fn, `${prefix}indptr`, 'an Int32Array of length nUsers+1', m.indptr);
  typed(fn, `${prefix}indices`, m.indices, 'Int32Array');
  typed(fn, `${prefix}values`, m.values, 'Float32Array', 'indices.length');
  const { indptr, indices, values } = m;
  if (values.length !== indices.length) {
    throw invalidArgument(fn, `${prefix}values`, `a Float32Array of length indices.length = ${indices.length}`,
      values.length);
  }
  const nUsers = indptr.length - 1;
  if (indptr[0] !== 0) throw invalidArgument(fn, `${prefix}indptr[0]`, '0', indptr[0]);
  if (indptr[nUsers] !== indices.length) {
    throw invalidArgument(fn, `${prefix}indptr[nUsers]`, `indices.length = ${indices.length}`, indptr[nUsers]);
  }
  for (let u = 0; u < nUsers; u++) {
    if (indptr[u + 1] < indptr[u]) {
      throw invalidArgument(fn, `${prefix}indptr[${u + 1}]`, `>= indptr[${u}] = ${indptr[u]}`, indptr[u + 1]);
    }
    checkEntries(fn, indices, values, nItems, indptr[u], indptr[u + 1], `${prefix}indices`, `${prefix}values`, true);
  }
  return nUsers;
}
