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
  x: Float32Array;
  d: number;
  /** 1 when the customer bought in (cutoff, cutoff + horizon]. */
  y: Float32Array | null;
}

/** A purchase: not cancelled and of positive net value (the RFM definition). */
export function isPurchaseOrder(o: CustomerOrder): boolean {
  return !o.cancelled && o.net > 0;
}

interface Tally {
  first: number;
  last: number;
  purchases: number;
  spend: number;
  last30: number;
  last90: number;
  spend90: number;
  returns: number;
  bought: boolean;
}

function tallies(orders: readonly CustomerOrder[], cutoffMs: number, horizonDays: number | null): Map<string, Tally> {
  const out = new Map<string, Tally>();
  const horizonEnd = horizonDays === null ? -Infinity : cutoffMs + horizonDays * DAY_MS;
  for (const o of orders) {
    let t = out.get(o.customerId);
    if (!t) out.set(o.customerId, (t = { first: Infinity, last: -Infinity, purchases: 0, spend: 0, last30: 0, last90: 0, spend90: 0, returns: 0, bought: false }));
    if (o.placedAtMs > cutoffMs) {
      if (o.placedAtMs <= horizonEnd && isPurchaseOrder(o)) t.bought = true;
      continue;
    }
    t.spend += o.net;
    if (!isPurchaseOrder(o)) {
      t.returns++;
      continue;
    }
    t.purchases++;
    t.first = Math.min(t.first, o.placedAtMs);
    t.last = Math.max(t.last, o.placedAtMs);
    const ageDays = (cutoffMs - o.placedAtMs) / DAY_MS;
    if (ageDays <= 30) t.last30++;
    if (ageDays <= 90) {
      t.last90++;
      t.spend90 += o.net;
    }
  }
  return out;
}

/**
 * One row per customer with at least one purchase up to `cutoffMs`, with the PROPENSITY_FEATURES as of then, and,
 * when `horizonDays` is given, the label "bought again within horizonDays after the cut-off". Customers appear in
 * id order, so a matrix is reproducible.
 */
export function buildFeatures(orders: readonly CustomerOrder[], cutoffMs: number, horizonDays: number | null = null): FeatureMatrix {
  const byCustomer = tallies(orders, cutoffMs, horizonDays);
  const customerIds = [...byCustomer.keys()].filter((id) => byCustomer.get(id)!.purchases > 0).sort();
  const d = PROPENSITY_FEATURES.length;
  const x = new Float32Array(customerIds.length * d);
  const y = horizonDays === null ? null : new Float32Array(customerIds.length);
  customerIds.forEach((id, i) => {
    const t = byCustomer.get(id)!;
    const tenure = (cutoffMs - t.first) / DAY_MS;
    const row = [
      (cutoffMs - t.last) / DAY_MS,
      Math.log1p(t.purchases),
      Math.log1p(Math.max(0, t.spend)),
      tenure,
      Math.log1p(Math.max(0, t.spend) / t.purchases),
      t.last30,
      t.last90,
      Math.log1p(Math.max(0, t.spend90)),
      t.returns / t.purchases,
      t.purchases > 1 ? (t.last - t.first) / DAY_MS / (t.purchases - 1) : tenure,
    ];
    x.set(row, i * d);
    if (y) y[i] = t.bought ? 1 : 0;
  });
  return { customerIds, x, d, y };
}

/** Keeps only the given columns (the recency-only baseline uses column 0). */
export function selectColumns(m: FeatureMatrix, columns: readonly number[]): FeatureMatrix {
  const n = m.customerIds.length;
  const x = new Float32Array(n * columns.length);
  for (let i = 0; i < n; i++) columns.forEach((c, j) => (x[i * columns.length + j] = m.x[i * m.d + c]));
  return { ...m, x, d: columns.length };
}
