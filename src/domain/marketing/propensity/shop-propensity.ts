import { customersWithPurchases, featuresOf, type FeatureMatrix, type OrderHistories } from './features';
import { predictPropensity, propensityContributions, PROPENSITY_HORIZON_DAYS, trainPropensity } from './propensity';

const DAY_MS = 86_400_000;
/**
 * Rows the model trains on at most: a large shop is thinned evenly (scoring still covers every customer). A
 * 10-feature network with ~900 weights has data enough in 8,000 training rows, and training time stays bounded.
 */
const MAX_TRAINING_ROWS = 10_000;

/**
 * The training rows: every ⌈n / max⌉-th of the n customers with a purchase by the cut-off (the same sample on every
 * run), and features computed for those alone.
 */
function trainingFeatures(histories: OrderHistories, cutoffMs: number, max: number): FeatureMatrix {
  const eligible = customersWithPurchases(histories, cutoffMs);
  const step = Math.max(1, Math.ceil(eligible.length / max));
  return featuresOf(histories, cutoffMs, PROPENSITY_HORIZON_DAYS, step === 1 ? eligible : eligible.filter((_, i) => i % step === 0));
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
  const train = trainingFeatures(histories, cutoff, MAX_TRAINING_ROWS);
  const model = await trainPropensity(train);
  const now = featuresOf(histories, asOf.getTime());
  const [propensity, contributions] = await Promise.all([predictPropensity(model, now), propensityContributions(model, now)]);
  return { rows: now.rows!, propensity, contributions, features: now.d, trainedOn: train.customerIds.length, bestEpoch: model.network.bestEpoch };
}
