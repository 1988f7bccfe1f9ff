import { BadUserInputError, FieldError } from './errors';

/** How many field errors one rejection lists in `extensions.errors`; the first always names the message. */
const MAX_LISTED = 20;

/** Bounds of what PostgreSQL columns take; a value outside them must fail as input, not as a database error. */
export const LIMITS = {
  externalId: 256,
  name: 1000,
  shortText: 320,
  /** numeric(14,4) holds values below 10^10. */
  money: 1e10,
  /** numeric(16,4) for order totals. */
  total: 1e12,
} as const;

/**
 * Collects the field errors of a whole batch so one bad row rejects the batch with every problem listed
 * (the first in the message). Checks are cheap functions of (field, value) that return true when valid.
 */
export class InputCheck {
  private readonly errors: FieldError[] = [];

  /** Records an error for `field`. */
  fail(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  /** Whether any error was recorded. */
  get failed(): boolean {
    return this.errors.length > 0;
  }

  /** Throws BAD_USER_INPUT when anything failed; the errors are reported in row order. */
  throwIfFailed(): void {
    if (this.errors.length === 0) return;
    const sorted = [...this.errors].sort((a, b) => compareFields(a.field, b.field));
    throw BadUserInputError.fromList(sorted.slice(0, MAX_LISTED));
  }

  /** A required text: non-empty, at most `max` characters, no NUL (PostgreSQL text cannot hold it). */
  text(field: string, value: unknown, max: number): value is string {
    if (typeof value !== 'string' || value.length === 0) return this.bad(field, 'must be a non-empty string');
    if (value.length > max) return this.bad(field, `must be at most ${max} characters`);
    if (value.includes('\u0000')) return this.bad(field, 'must not contain NUL characters');
    return true;
  }

  /** An optional text: null/undefined pass, otherwise as `text`. */
  optionalText(field: string, value: unknown, max: number): boolean {
    return value === null || value === undefined || this.text(field, value, max);
  }

  /** A finite number in [min, max). */
  number(field: string, value: unknown, min: number, max: number): value is number {
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.bad(field, 'must be a finite number');
    if (value < min) return this.bad(field, `must be at least ${min}`);
    if (value >= max) return this.bad(field, `must be less than ${max}`);
    return true;
  }

  /** An optional number: null/undefined pass, otherwise as `number`. */
  optionalNumber(field: string, value: unknown, min: number, max: number): boolean {
    return value === null || value === undefined || this.number(field, value, min, max);
  }

  /** An optional 32-bit integer of at least `min`. */
  optionalInteger(field: string, value: unknown, min: number): boolean {
    if (value === null || value === undefined) return true;
    if (typeof value !== 'number' || !Number.isInteger(value)) return this.bad(field, 'must be an integer');
    if (value < min) return this.bad(field, `must be at least ${min}`);
    return value <= 2147483647 || this.bad(field, 'must fit in 32 bits');
  }

  /** An optional valid date. */
  optionalDate(field: string, value: unknown): boolean {
    if (value === null || value === undefined) return true;
    return (value instanceof Date && !Number.isNaN(value.getTime())) || this.bad(field, 'must be a valid date-time');
  }

  /** Optional JSON attributes: a plain object whose strings hold no NUL (jsonb rejects \u0000). */
  optionalAttributes(field: string, value: unknown): boolean {
    if (value === null || value === undefined) return true;
    if (typeof value !== 'object' || Array.isArray(value)) return this.bad(field, 'must be a JSON object');
    return !JSON.stringify(value).includes('\\u0000') || this.bad(field, 'must not contain NUL characters');
  }

  private bad(field: string, message: string): false {
    this.fail(field, message);
    return false;
  }
}

/** Rejects a batch over the configured size before any row is looked at. */
export function checkBatchSize(rows: readonly unknown[], maxBatch: number, field = 'input'): void {
  if (rows.length > maxBatch) {
    throw new BadUserInputError(field, `at most ${maxBatch} rows per batch (got ${rows.length})`);
  }
}

/** Path of a row's field: `input[3].price`. */
export function rowField(index: number, field: string, list = 'input'): string {
  return `${list}[${index}].${field}`;
}

/** Orders `input[2].x` before `input[10].x`; errors of one row keep the order they were found in. */
function compareFields(a: string, b: string): number {
  return rowIndex(a) - rowIndex(b);
}

function rowIndex(field: string): number {
  return Number(/\[(\d+)\]/.exec(field)?.[1] ?? -1);
}

/**
 * Reports every row whose key repeats an earlier row's: one batch may name an object once, because a
 * set-based upsert cannot decide which of two rows wins.
 */
export function checkUniqueKeys(check: InputCheck, keys: readonly unknown[], field: string): void {
  const seen = new Map<unknown, number>();
  keys.forEach((key, i) => {
    if (typeof key !== 'string') return;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else check.fail(rowField(i, field), `duplicate ${field} "${key}" (also input[${first}])`);
  });
}
