import { firstNonFinite, Got, invalidArgument } from './errors';
import { integer, MAX_INT32, typed } from './interactions.validation';

/** The largest seed: seeds are uint32 (the native mulberry32 state). */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * Checks an n × d row-major Float32Array of finite values (n, d positive integers) and returns n and d. Messages
 * read "<fn>: <name> must be a Float32Array of length n*d = 12 (got Float32Array(10))" and
 * "<fn>: <name> must be finite (got NaN at index 3)". `checkFinite = false` leaves that scan to a native kernel
 * that makes it anyway (the MLP's batched prediction), with the same message.
 */
export function validateDense(
  fn: string, name: string, data: unknown, n: unknown, d: unknown, checkFinite = true,
): { n: number; d: number } {
  const rows = integer(fn, 'n', n, 1, MAX_INT32);
  const cols = integer(fn, 'd', d, 1, MAX_INT32);
  if (rows * cols > MAX_INT32) throw invalidArgument(fn, 'n*d', `at most ${MAX_INT32}`, rows * cols);
  typed(fn, name, data, 'Float32Array', `n*d = ${rows * cols}`);
  const values = data as Float32Array;
  if (values.length !== rows * cols) {
    throw invalidArgument(fn, name, `a Float32Array of length n*d = ${rows * cols}`, values);
  }
  if (checkFinite) finiteValues(fn, name, values);
  return { n: rows, d: cols };
}

/** Throws "<fn>: <name> must be finite (got NaN at index i)" at the first non-finite value. */
export function finiteValues(fn: string, name: string, values: Float32Array): void {
  const bad = firstNonFinite(values);
  if (bad >= 0) throw invalidArgument(fn, name, 'finite', new Got(`${values[bad]} at index ${bad}`));
}

/** A finite number in [min, max] (max exclusive when `openMax`), or `fallback` when undefined. */
export function numberIn(
  fn: string, name: string, value: unknown, fallback: number, range: { min: number; max: number; minOpen?: boolean; maxOpen?: boolean },
): number {
  if (value === undefined) return fallback;
  const { min, max, minOpen = false, maxOpen = false } = range;
  const ok =
    typeof value === 'number' && Number.isFinite(value) &&
    (minOpen ? value > min : value >= min) && (maxOpen ? value < max : value <= max);
  if (!ok) {
    const expected =
      max === Infinity ? `a finite number ${minOpen ? '>' : '>='} ${min}`
        : `a number in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`;
    throw invalidArgument(fn, name, expected, value);
  }
  return value as number;
}

/** A seed in [0, 2^32 − 1], default 42. */
export function seedOf(fn: string, value: unknown): number {
  return integer(fn, 'seed', value, 0, MAX_SEED, 42);
}
