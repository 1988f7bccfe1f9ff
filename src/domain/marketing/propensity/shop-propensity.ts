import type { RequestContext } from '../../common/request-context';
import { query } from '../../common/sql';
import { buildFeatures, type CustomerOrder, type FeatureMatrix } from './features';
import { predictPropensity, PROPENSITY_HORIZON_DAYS, propensityDrivers, trainPropensity } from './propensity';

const DAY_MS = 86_400_000;
/** Rows the model trains on at most; a large shop is thinned evenly (scoring still covers every customer). */
const MAX_TRAINING_ROWS = 50_000;

/** Every ⌈n / max⌉-th row, so training time stays bounded and the sample is the same on every run. */
function everyNth(m: FeatureMatrix, max: number): FeatureMatrix {
  const n = m.customerIds.length;
  if (n <= max) return m;
  const step = Math.ceil(n / max);
  const keep = Array.from({ length: Math.ceil(n / step) }, (_, i) => i * step);
  const x = new Float32Array(keep.length * m.d);
  keep.forEach((row, i) => x.set(m.x.subarray(row * m.d, (row + 1) * m.d), i * m.d));
  return { customerIds: keep.map((row) => m.customerIds[row]), x, d: m.d, y: m.y && Float32Array.from(keep, (row) => m.y![row]) };
}

/** Every order of a known user before `before`, with its net value (lines, or the stored total when it has none). */
const ORDERS_SQL = `
  SELECT o.user_id::text AS user_id, extract(epoch FROM o.placed_at)::float8 * 1000 AS at, o.cancelled,
         CASE WHEN count(l.id) = 0 THEN o.total ELSE sum(l.quantity * l.unit_price) END::float8 AS net
  FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
  WHERE o.user_id IS NOT NULL AND o.placed_at < $1
  GROUP BY o.id`;

export async function loadCustomerOrders(ctx: RequestContext, before: Date): Promise<CustomerOrder[]> {
  const rows = await query<{ user_id: string; at: number; cancelled: boolean; net: number }>(ctx, ORDERS_SQL, [before]);
  return rows.map((r) => ({ customerId: r.user_id, placedAtMs: r.at, net: r.net, cancelled: r.cancelled }));
}

/** Each customer's probability of buying in the next 30 days, with the three strongest drivers. */
export interface ShopPropensity {
  scores: Map<string, { propensity: number; drivers: Array<{ feature: string; contribution: number }> }>;
  trainedOn: number;
  bestEpoch: number;
}

/**
 * Trains the propensity MLP on the shop as it was 30 days before `asOf` (labels: who bought in those 30 days) and
 * scores every customer as of `asOf` (`loaded`: the orders, when the caller already started reading them). Throws MODEL_NOT_READY when the shop has too little history.
 */
export async function scoreShopPropensity(
  ctx: RequestContext,
  asOf: Date,
  loaded: Promise<CustomerOrder[]> = loadCustomerOrders(ctx, asOf),
): Promise<ShopPropensity> {
  const orders = await loaded;
  const cutoff = asOf.getTime() - PROPENSITY_HORIZON_DAYS * DAY_MS;
  const train = everyNth(buildFeatures(orders, cutoff, PROPENSITY_HORIZON_DAYS), MAX_TRAINING_ROWS);
  const model = await trainPropensity(train);
  const now = buildFeatures(orders, asOf.getTime());
  const [p, drivers] = await Promise.all([predictPropensity(model, now), propensityDrivers(model, now)]);
  const scores = new Map(now.customerIds.map((id, i) => [id, { propensity: p[i], drivers: drivers[i] }]));
  return { scores, trainedOn: train.customerIds.length, bestEpoch: model.network.bestEpoch };
}
