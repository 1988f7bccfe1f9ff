import { mlpContributions, mlpPredict, trainMlp, type MlpModel } from '../../../compute';
import { ModelNotReadyError } from '../../common/errors';
import { bestF1Threshold, classificationMetrics, type ClassificationMetrics } from './metrics';
import { buildFeatures, PROPENSITY_FEATURES, selectColumns, type CustomerOrder, type FeatureMatrix } from './features';

/** Days after the cut-off a purchase must fall in to count ("buys in the next 30 days"). */
export const PROPENSITY_HORIZON_DAYS = 30;
const DAY_MS = 86_400_000;

/** The network and its training settings: two ReLU layers, Adam, L2, early stopping on 20 % of the rows. */
export const PROPENSITY_NETWORK = {
  hidden: [32, 16],
  learningRate: 3e-3,
  l2: 1e-4,
  epochs: 300,
  batchSize: 128,
  validationFraction: 0.2,
  patience: 20,
  seed: 42,
} as const;

/** A trained propensity model: the network, its F1-best threshold (on the training rows) and the columns it reads. */
export interface PropensityModel {
  network: MlpModel;
  threshold: number;
  columns: number[];
}

function checkTrainable(m: FeatureMatrix): void {
  const positives = m.y!.reduce((s, v) => s + v, 0);
  if (m.customerIds.length < 20 || positives < 5 || positives > m.customerIds.length - 5) {
    throw new ModelNotReadyError(
      `not enough data for a propensity model (${m.customerIds.length} customers, ${positives} bought in the horizon; ` +
        'need at least 20 customers and 5 of each outcome)',
    );
  }
}

/** Trains on a labelled matrix (columns: all features, or e.g. [0] for the recency-only baseline; hidden [] = logistic). */
export async function trainPropensity(m: FeatureMatrix, columns: number[] = PROPENSITY_FEATURES.map((_, i) => i),
  hidden: number[] = [...PROPENSITY_NETWORK.hidden]): Promise<PropensityModel> {
  checkTrainable(m);
  const input = selectColumns(m, columns);
  const network = await trainMlp({ ...PROPENSITY_NETWORK, hidden, x: input.x, y: m.y!, n: m.customerIds.length, d: input.d });
  const p = await mlpPredict({ model: network, x: input.x, n: m.customerIds.length });
  return { network, threshold: bestF1Threshold(p, m.y!), columns };
}

export async function predictPropensity(model: PropensityModel, m: FeatureMatrix): Promise<Float32Array> {
  const input = selectColumns(m, model.columns);
  return mlpPredict({ model: model.network, x: input.x, n: m.customerIds.length });
}

/** Every row's feature contributions (n × d, the model's columns): gradient × input on standardised features, logit units. */
export async function propensityContributions(model: PropensityModel, m: FeatureMatrix): Promise<Float32Array> {
  const input = selectColumns(m, model.columns);
  return mlpContributions({ model: model.network, x: input.x, n: m.customerIds.length });
}

/**
 * The strongest drivers of one score from its contributions in PROPENSITY_FEATURES order: rounded to 4 decimals, by
 * |value| (stable), cut to `top`.
 */
export function strongestDrivers(contributions: ArrayLike<number>, top = 3): Array<{ feature: string; contribution: number }> {
  return Array.from(contributions, (c, j) => ({ feature: PROPENSITY_FEATURES[j], contribution: Math.round(c * 10_000) / 10_000 + 0 }))
    .filter((driver) => driver.feature !== undefined)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, top);
}

/** What a time-based holdout reports for the MLP and the recency-only logistic baseline. */
export interface PropensityEvaluation {
  train_cutoff: string;
  test_cutoff: string;
  horizon_days: number;
  train_customers: number;
  test_customers: number;
  test_positive_rate: number;
  mlp: ClassificationMetrics;
  baseline: ClassificationMetrics;
  best_epoch: number;
}

/**
 * Time-based holdout: features as of `lastMs − 2·horizon` labelled by the following horizon train both models;
 * features as of `lastMs − horizon` labelled by the last horizon test them (no test-period data reaches training).
 */
export async function evaluatePropensity(orders: readonly CustomerOrder[], lastMs: number,
  horizonDays = PROPENSITY_HORIZON_DAYS): Promise<PropensityEvaluation> {
  const trainCutoff = lastMs - 2 * horizonDays * DAY_MS;
  const testCutoff = lastMs - horizonDays * DAY_MS;
  const train = buildFeatures(orders.filter((o) => o.placedAtMs <= testCutoff), trainCutoff, horizonDays);
  const test = buildFeatures(orders, testCutoff, horizonDays);
  const mlp = await trainPropensity(train);
  const baseline = await trainPropensity(train, [0], []);
  const score = async (model: PropensityModel) => classificationMetrics(await predictPropensity(model, test), test.y!, model.threshold);
  const positives = test.y!.reduce((s, v) => s + v, 0);
  return {
    train_cutoff: new Date(trainCutoff).toISOString().slice(0, 10),
    test_cutoff: new Date(testCutoff).toISOString().slice(0, 10),
    horizon_days: horizonDays,
    train_customers: train.customerIds.length,
    test_customers: test.customerIds.length,
    test_positive_rate: positives / Math.max(1, test.customerIds.length),
    mlp: await score(mlp),
    baseline: await score(baseline),
    best_epoch: mlp.network.bestEpoch,
  };
}
