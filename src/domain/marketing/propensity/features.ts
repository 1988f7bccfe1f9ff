/** A customer's order as the propensity and clustering features see it (CustomerInvoice and order rows fit). */
export interface CustomerOrder {
  customerId: string;
  placedAtMs: number;
  /** Net value (negative for cancellations and returns). */
  net: number;
  cancelled: boolean;
}

const DAY_MS = 86_400_000;

/** The features, in column order. Skewed amounts enter as log1p; every feature uses only orders before the cut-off. */
export const PROPENSITY_FEATURES = [
  'recency_days',
  'log_frequency',
  'log_monetary',
  'tenure_days',
  'log_avg_order_value',
  'purchases_last_30d',
  'purchases_last_90d',
  'log_spend_last_90d',
  'return_rate',
  'mean_days_between_purchases',
] as const;

/** A feature matrix: row i is customerIds[i], d = PROPENSITY_FEATURES.length; labels when a horizon was given. */
export interface FeatureMatrix {
  customerIds: string[];
  /** Where each row's customer is in the histories it was built from (rows skip customers without purchases). */
  rows?: Int32Array;
  x: Float32Array;
  d: number;
  /** 1 when the customer bought in (cutoff, cutoff + horizon]. */
  y: Float32Array | null;
}

/**
 * Customers' orders grouped in columns: customer i's orders are rows start[i] … start[i + 1] − 1, oldest first.
 * The segment refresh's CustomerLedger has this shape; `groupOrders` builds it from CustomerOrder rows.
 */
export interface OrderHistories {
  customerIds: readonly string[];
  start: Int32Array;
  atMs: Float64Array;
  net: Float64Array;
  cancelled: Uint8Array;
}

/** Groups orders by customer (customers in string order, each one's orders by time). */
export function groupOrders(orders: readonly CustomerOrder[]): OrderHistories {
  const byCustomer = new Map<string, CustomerOrder[]>();
  for (const o of orders) {
    const list = byCustomer.get(o.customerId);
    if (list) list.push(o);
    else byCustomer.set(o.customerId, [o]);
  }
  const customerIds = [...byCustomer.keys()].sort();
  const start = new Int32Array(customerIds.length + 1);
  const atMs = new Float64Array(orders.length);
  const net = new Float64Array(orders.length);
  const cancelled = new Uint8Array(orders.length);
  let row = 0;
  customerIds.forEach((id, i) => {
    for (const o of byCustomer.get(id)!.sort((a, b) => a.placedAtMs - b.placedAtMs)) {
      [atMs[row], net[row], cancelled[row]] = [o.placedAtMs, o.net, o.cancelled ? 1 : 0];
      row++;
    }
    start[i + 1] = row;
  });
  return { customerIds, start, atMs, net, cancelled };
}

/** The customers (positions in the histories) with at least one purchase up to `cutoffMs`: the rows featuresOf gives. */
export function customersWithPurchases(h: OrderHistories, cutoffMs: number): Int32Array {
  const out = new Int32Array(h.customerIds.length);
  let k = 0;
  for (let c = 0; c < h.customerIds.length; c++) {
    for (let r = h.start[c]; r < h.start[c + 1]; r++) {
      if (h.atMs[r] <= cutoffMs && h.cancelled[r] === 0 && h.net[r] > 0) {
        out[k++] = c;
        break;
      }
    }
  }
  return out.slice(0, k);
}

/**
 * One row per customer with at least one purchase up to `cutoffMs`, with the PROPENSITY_FEATURES as of then, and,
 * when `horizonDays` is given, the label "bought again within horizonDays after the cut-off", in the histories'
 * customer order (so a matrix is reproducible). Orders after the cut-off only label. `customers` (ascending
 * positions) limits the rows to those customers.
 */
export function featuresOf(
  h: OrderHistories, cutoffMs: number, horizonDays: number | null = null, customers: ArrayLike<number> | null = null,
): FeatureMatrix {
  const d = PROPENSITY_FEATURES.length;
  const horizonEnd = horizonDays === null ? -Infinity : cutoffMs + horizonDays * DAY_MS;
  const n = customers ? customers.length : h.customerIds.length;
  const ids: string[] = [];
  const rows = new Int32Array(n);
  const labels = new Float32Array(n);
  const x = new Float32Array(Math.max(1, n) * d);
  let kept = 0;
  // plain locals rather than destructuring: this runs once per customer of the shop
  for (let k = 0; k < n; k++) {
    const c = customers ? customers[k] : k;
    let first = Infinity;
    let last = -Infinity;
    let purchases = 0;
    let spend = 0;
    let last30 = 0;
    let last90 = 0;
    let spend90 = 0;
    let returns = 0;
    let bought = false;
    for (let r = h.start[c]; r < h.start[c + 1]; r++) {
      const at = h.atMs[r];
      const purchase = h.cancelled[r] === 0 && h.net[r] > 0;
      if (at > cutoffMs) {
        if (at <= horizonEnd && purchase) bought = true;
        continue;
      }
      spend += h.net[r];
      if (!purchase) {
        returns++;
        continue;
      }
      purchases++;
      if (at < first) first = at;
      if (at > last) last = at;
      const ageDays = (cutoffMs - at) / DAY_MS;
      if (ageDays <= 30) last30++;
      if (ageDays <= 90) {
        last90++;
        spend90 += h.net[r];
      }
    }
    if (purchases === 0) continue;
    const tenure = (cutoffMs - first) / DAY_MS;
    const at = kept * d;
    x[at] = (cutoffMs - last) / DAY_MS;
    x[at + 1] = Math.log1p(purchases);
    x[at + 2] = Math.log1p(Math.max(0, spend));
    x[at + 3] = tenure;
    x[at + 4] = Math.log1p(Math.max(0, spend) / purchases);
    x[at + 5] = last30;
    x[at + 6] = last90;
    x[at + 7] = Math.log1p(Math.max(0, spend90));
    x[at + 8] = returns / purchases;
    x[at + 9] = purchases > 1 ? (last - first) / DAY_MS / (purchases - 1) : tenure;
    ids.push(h.customerIds[c]);
    rows[kept] = c;
    labels[kept] = bought ? 1 : 0;
    kept++;
  }
  return {
    customerIds: ids, rows: rows.slice(0, kept), x: x.slice(0, kept * d), d,
    y: horizonDays === null ? null : labels.slice(0, kept),
  };
}

/** `featuresOf` for a flat list of orders (evaluations and tests). */
export function buildFeatures(orders: readonly CustomerOrder[], cutoffMs: number, horizonDays: number | null = null): FeatureMatrix {
  return featuresOf(groupOrders(orders), cutoffMs, horizonDays);
}

/** Keeps only the given columns (the recency-only baseline uses column 0). */
export function selectColumns(m: FeatureMatrix, columns: readonly number[]): FeatureMatrix {
  if (columns.length === m.d && columns.every((c, j) => c === j)) return m; // all of them: nothing to copy
  const n = m.customerIds.length;
  const w = columns.length;
  const x = new Float32Array(n * w);
  for (let i = 0; i < n; i++) for (let j = 0; j < w; j++) x[i * w + j] = m.x[i * m.d + columns[j]];
  return { ...m, x, d: w };
}
