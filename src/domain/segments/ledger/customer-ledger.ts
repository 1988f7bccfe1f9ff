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

/** The per-order columns of the ledger. */
type OrderColumnName = 'atMs' | 'net' | 'cancelled' | 'lineSpend' | 'unitsBought' | 'unitsReturned';

/**
 * Order rows before grouping (what a loader collects, in any order): the ledger's order columns, each row's user
 * position, and its order id (which breaks ties between orders placed at the same moment).
 */
export type OrderColumns = Pick<CustomerLedger, OrderColumnName> & { user: Int32Array; orderIds: Float64Array };

/**
 * Groups order rows by user (a counting sort on the user position) and orders each user's rows by time, so every
 * per-user computation is one pass over a contiguous range. Returns the range starts and the columns reordered.
 */
export function groupByUser(users: number, rows: OrderColumns): Pick<CustomerLedger, 'start' | OrderColumnName> {
  const n = rows.user.length;
  const start = new Int32Array(users + 1);
  for (let i = 0; i < n; i++) start[rows.user[i] + 1]++;
  for (let u = 0; u < users; u++) start[u + 1] += start[u];
  const fill = start.slice(0, users);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[rows.user[i]]++] = i;
  for (let u = 0; u < users; u++) sortRangeByTime(order, start[u], start[u + 1], rows.atMs, rows.orderIds);
  const gather = <T extends Float64Array | Uint8Array>(column: T, make: (n: number) => T): T => {
    const out = make(n);
    for (let i = 0; i < n; i++) out[i] = column[order[i]];
    return out;
  };
  const f64 = (k: number) => new Float64Array(k);
  return {
    start,
    atMs: gather(rows.atMs, f64),
    net: gather(rows.net, f64),
    cancelled: gather(rows.cancelled, (k) => new Uint8Array(k)),
    lineSpend: gather(rows.lineSpend, f64),
    unitsBought: gather(rows.unitsBought, f64),
    unitsReturned: gather(rows.unitsReturned, f64),
  };
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
