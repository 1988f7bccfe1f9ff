import { featuresOf, type FeatureMatrix, type OrderHistories } from './features';
import { predictPropensity, propensityContributions, PROPENSITY_HORIZON_DAYS, trainPropensity } from './propensity';

const DAY_MS = 86_400_000;
/**
 * Rows the model trains on at most: a large shop is thinned evenly (scoring still covers every customer). A
 * 10-feature network with ~900 weights has data enough in 8,000 training rows, and training time stays bounded.
 */
const MAX_TRAINING_ROWS = 10_000;

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

/**
 * Each scored customer's probability of buying in the next 30 days and every feature's contribution to it
 * (`features` per row, in PROPENSITY_FEATURES order), by position in the histories the scores came from (`rows`).
 */
export interface ShopPropensity {
  rows: Int32Array;
  propensity: Float32Array;
  contributions: Float32Array;
  features: number;
  trainedOn: number;
  bestEpoch: number;
}

/**
 * Trains the propensity MLP on the shop as it was 30 days before `asOf` (labels: who bought in those 30 days) and
 * scores every customer as of `asOf`. Throws MODEL_NOT_READY when the shop has too little history.
 */
export async function scoreShopPropensity(histories: OrderHistories, asOf: Date): Promise<ShopPropensity> {
  const cutoff = asOf.getTime() - PROPENSITY_HORIZON_DAYS * DAY_MS;
  const train = everyNth(featuresOf(histories, cutoff, PROPENSITY_HORIZON_DAYS), MAX_TRAINING_ROWS);
  const model = await trainPropensity(train);
  const now = featuresOf(histories, asOf.getTime());
  const [propensity, contributions] = await Promise.all([predictPropensity(model, now), propensityContributions(model, now)]);
  return { rows: now.rows!, propensity, contributions, features: now.d, trainedOn: train.customerIds.length, bestEpoch: model.network.bestEpoch };
}
