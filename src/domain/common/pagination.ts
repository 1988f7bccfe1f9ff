import { BadUserInputError } from './errors';

/** The one pagination contract of every list: Relay-style `first`/`after`. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * A keyset sort order: rows are ordered by `key` (an SQL expression, or null to order by id alone), ties broken
 * by `id`, both in one direction so `(key, id) > (k, i)` finds the next page from an index instead of OFFSET.
 */
export interface SortOrder {
  /** Written into cursors: a cursor only continues the order it was issued for. */
  name: string;
  key: string | null;
  /** PostgreSQL type the key's text form is cast back to (numeric, text, timestamptz). */
  keyType: string;
  id: string;
  descending: boolean;
}

/**
 * Where a page starts: the sort key of the last row seen, as PostgreSQL printed it (so timestamps keep their
 * microseconds), and its id.
 */
export interface CursorPosition {
  key: string | null;
  id: string;
}

/** Validated page arguments: how many rows, after which position, in which order. */
export interface PageRequest {
  limit: number;
  after?: CursorPosition;
  order: SortOrder;
}

/** One edge of a connection. */
export interface Edge<T> {
  cursor: string;
  node: T;
}

/** A page without its total: what a batched query returns per parent. */
export interface PageSlice<T> {
  edges: Edge<T>[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** A page and its total, counted only when asked for (the count scans every match; most clients skip it). */
export interface Page<T> extends PageSlice<T> {
  totalCount(): Promise<number>;
}

/** A row of a keyset query: its id and its sort key as text (`__key`, null when sorting by id). */
export interface KeysetRow {
  id: string;
  __key: string | null;
}

/**
 * Validates `first` (1..100, default 20) and decodes `after`; both failures are BAD_USER_INPUT naming
 * the argument, so a hand-edited or stale cursor never reaches SQL.
 */
export function pageRequest(args: PageArgs, order: SortOrder): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError('first', `must be between 1 and ${MAX_PAGE_SIZE} (got ${first})`);
  }
  const after = args.after === null || args.after === undefined ? undefined : decodeCursor(args.after, order);
  return { limit: first, after, order };
}

/** Opaque cursor: base64url of `[order, key, id]`. Clients must not parse it; the format may change. */
export function encodeCursor(order: SortOrder, position: CursorPosition): string {
  return Buffer.from(JSON.stringify([order.name, position.key, position.id])).toString('base64url');
}

/** Reads a cursor issued for `order`; anything else is BAD_USER_INPUT on `after`. */
export function decodeCursor(cursor: string, order: SortOrder): CursorPosition {
  let parsed: unknown;
  try {
    parsed = cursor.length <= 1024 ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw new BadUserInputError('after', 'is not a valid cursor');
  const [name, key, id] = parsed as unknown[];
  if (name !== order.name) throw new BadUserInputError('after', 'cursor was issued for a different list or orderBy');
  const keyOk = order.key === null ? key === null : typeof key === 'string' && key.length <= 512;
  if (!keyOk || typeof id !== 'string' || !/^\d{1,18}$/.test(id)) {
    throw new BadUserInputError('after', 'is not a valid cursor');
  }
  return { key: key as string | null, id };
}

/**
 * Turns the `limit + 1` rows of a keyset query into a page: the extra row only proves there is a next page.
 */
export function sliceRows<R extends KeysetRow, T>(
  rows: readonly R[],
  request: PageRequest,
  toNode: (row: R) => T,
): PageSlice<T> {
  const hasNextPage = rows.length > request.limit;
  const kept = hasNextPage ? rows.slice(0, request.limit) : rows;
  const edges = kept.map((row) => ({
    cursor: encodeCursor(request.order, { key: row.__key, id: String(row.id) }),
    node: toNode(row),
  }));
  return {
    edges,
    hasNextPage,
    hasPreviousPage: request.after !== undefined,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges[edges.length - 1]?.cursor ?? null,
  };
}

/** Adds a memoised, lazy total to a slice: the count query runs at most once, and only if someone reads it. */
export function withTotal<T>(slice: PageSlice<T>, count: () => Promise<number>): Page<T> {
  let total: Promise<number> | undefined;
  return { ...slice, totalCount: () => (total ??= count()) };
}

/** An empty page (e.g. for a parent that has no rows). */
export function emptySlice<T>(request: PageRequest): PageSlice<T> {
  return sliceRows<KeysetRow, T>([], request, () => undefined as never);
}
