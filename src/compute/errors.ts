/**
 * The one formatter for argument errors raised by the compute layer, so every message reads the same way and
 * tests can pin the exact text: `"<fn>: <name> must be <expected> (got <got>)"`.
 */
export function invalidArgument(fn: string, name: string, expected: string, got: unknown): TypeError {
  return new TypeError(`${fn}: ${name} must be ${expected} (got ${describe(got)})`);
}

/**
 * A short, bounded description of a received value: numbers and booleans as written, strings quoted,
 * typed arrays and arrays as `Type(length)`, other objects by constructor name. Values are never dumped whole,
 * so a 25 MB array cannot end up in a log line. A `Got` passes preformatted text through unchanged.
 */
export function describe(value: unknown): string {
  if (value instanceof Got) return value.text;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (ArrayBuffer.isView(value)) {
    const length = 'length' in value ? (value as { length: number }).length : value.byteLength;
    return `${value.constructor.name}(${length})`;
  }
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (typeof value === 'function') return 'function';
  return (value as object).constructor?.name ?? 'object';
}

/** Preformatted "got" text, e.g. `NaN at index 17`, for messages whose evidence is not a single value. */
export class Got {
  constructor(readonly text: string) {}
}

/** Index of the first NaN or ±Infinity in `values`, or -1. */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0) return i; // NaN - NaN and ∞ - ∞ are NaN; every finite v gives 0
  }
  return -1;
}
