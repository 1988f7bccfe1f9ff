/**
 * Every user's order history as of a date, in columns: what RFM, CLV, the propensity features and the behaviour
 * table are all computed from, so the segment refresh reads orders once (see ledger.loader.ts).
 *
 * Users are in ascending id order; user u's orders are rows start[u] … start[u + 1] − 1, oldest first.
 */
export interface CustomerLedger {
  asOfMs: number;
  userIds: string[];
  countries: Array<string | null>;
  start: Int32Array;
  /** When the order was placed (ms since the epoch). */
  atMs: Float64Array;
  /** Σ quantity × unit_price of its lines, or its stored total when it has none (negative for returns). */
  net: Float64Array;
  cancelled: Uint8Array;
  /** Σ quantity × unit_price of its lines (0 without lines): what the behaviour table counts as spend. */
  lineSpend: Float64Array;
  /** Units on lines with a positive quantity, and units returned (negative quantities, as a positive number). */
  unitsBought: Float64Array;
  unitsReturned: Float64Array;
  /** Top-level categories ('' = products without one), in id order. */
  departments: Array<{ id: string; name: string }>;
  /** users × departments: units bought in non-cancelled orders plus browsing events (interest per department). */
  interest: Float32Array;
}

/** A purchase: not cancelled and of positive net value (the RFM definition, shared by CLV and propensity). */
export function isPurchase(ledger: Pick<CustomerLedger, 'cancelled' | 'net'>, row: number): boolean {
  return ledger.cancelled[row] === 0 && ledger.net[row] > 0;
}

/**
 * Groups order rows by user: a counting sort on the user position (rows with user -1 are left out), each user's rows
 * ordered by time, then order id (which breaks ties between orders placed at the same moment). Returns each user's
 * range start and, for every grouped position, the row it holds.
 */
export function groupOrderRows(users: number, user: Int32Array, atMs: Float64Array, ids: Float64Array): { start: Int32Array; order: Int32Array } {
  const n = user.length;
  const start = new Int32Array(users + 1);
  for (let i = 0; i < n; i++) if (user[i] >= 0) start[user[i] + 1]++;
  for (let u = 0; u < users; u++) start[u + 1] += start[u];
  const fill = start.slice(0, users);
  const order = new Int32Array(start[users]);
  for (let i = 0; i < n; i++) if (user[i] >= 0) order[fill[user[i]]++] = i;
  for (let u = 0; u < users; u++) sortRangeByTime(order, start[u], start[u + 1], atMs, ids);
  return { start, order };
}

/** Most users have a handful of orders (insertion sort); a wholesale customer with thousands gets a real sort. */
function sortRangeByTime(order: Int32Array, from: number, to: number, atMs: Float64Array, ids: Float64Array): void {
  if (to - from > 32) {
    order.subarray(from, to).sort((a, b) => atMs[a] - atMs[b] || ids[a] - ids[b]);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const row = order[i];
    let j = i - 1;
    while (j >= from && (atMs[order[j]] > atMs[row] || (atMs[order[j]] === atMs[row] && ids[order[j]] > ids[row]))) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = row;
  }
}
