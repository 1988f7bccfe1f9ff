import {
  mlpContributions, mlpContributionsReference, mlpPredict, mlpPredictReference, mlpWeightCount, trainMlp,
  trainMlpReference, type MlpWeights,
} from '../../src/compute';
import { maxAbsDiff, normal } from './support/marketing-fixtures';
import { seededRandom } from './support/topk-fixtures';

function randomModel(d: number, hidden: number[], seed: number): MlpWeights {
  const next = seededRandom(seed);
  const weights = Float32Array.from({ length: mlpWeightCount(d, hidden) }, () => normal(next) * 0.5);
  const means = Float32Array.from({ length: d }, () => next() - 0.5);
  const stds = Float32Array.from({ length: d }, () => 0.5 + next());
  return { d, hidden, weights, means, stds };
}

function features(n: number, d: number, seed: number): Float32Array {
  const next = seededRandom(seed);
  return Float32Array.from({ length: n * d }, () => normal(next));
}

describe('MLP: native vs reference', () => {
  const n = 700, d = 6; // more than two prediction blocks

  it.each([[[16, 8]], [[32]], [[]]])('predicts the same probabilities (hidden %j) to 1e-5', async (hidden) => {
    const model = randomModel(d, hidden, 3);
    const x = features(n, d, 4);
    const native = await mlpPredict({ model, x, n });
    expect(native).toHaveLength(n);
    expect(maxAbsDiff(native, mlpPredictReference(model, x, n))).toBeLessThan(1e-5);
  });

  it('computes the same gradient × input contributions', async () => {
    const model = randomModel(d, [16, 8], 5);
    const x = features(n, d, 6);
    const native = await mlpContributions({ model, x, n });
    const ref = mlpContributionsReference(model, x, n);
    expect(native).toHaveLength(n * d);
    expect(maxAbsDiff(native, ref)).toBeLessThan(1e-4);
  });

  it('gives a logistic model (no hidden layer) contributions that add up to logit − bias', async () => {
    const model = randomModel(d, [], 7);
    const x = features(50, d, 8);
    const c = await mlpContributions({ model, x, n: 50 });
    const p = await mlpPredict({ model, x, n: 50 });
    for (let r = 0; r < 50; r++) {
      let sum = model.weights[d]; // the bias follows the d weights
      for (let f = 0; f < d; f++) sum += c[r * d + f];
      expect(sum).toBeCloseTo(Math.log(p[r] / (1 - p[r])), 3);
    }
  });

  it('trains the same weights as the plain reference over a few epochs', async () => {
    const rows = 600, next = seededRandom(12);
    const x = features(rows, d, 11);
    const y = Float32Array.from({ length: rows }, (_, i) => (x[i * d] - x[i * d + 1] + 0.5 * normal(next) > 0 ? 1 : 0));
    const input = { x, y, n: rows, d, hidden: [8, 4], epochs: 3, batchSize: 64, learningRate: 0.01, positiveWeight: 2 };
    const native = await trainMlp(input);
    const ref = trainMlpReference(input);
    expect(maxAbsDiff(native.means, ref.means)).toBeLessThan(1e-6);
    expect(maxAbsDiff(native.stds, ref.stds)).toBeLessThan(1e-5);
    expect(maxAbsDiff(native.trainLoss, ref.trainLoss)).toBeLessThan(1e-5);
    expect(maxAbsDiff(native.validationLoss, ref.validationLoss)).toBeLessThan(1e-5);
    expect(native.bestEpoch).toBe(ref.bestEpoch);
    expect(maxAbsDiff(native.weights, ref.weights)).toBeLessThan(1e-5);
  });

  it('starts from given initial weights like the reference', async () => {
    const rows = 200;
    const x = features(rows, d, 13);
    const y = Float32Array.from({ length: rows }, (_, i) => (x[i * d + 2] > 0 ? 1 : 0));
    const initialWeights = randomModel(d, [5], 14).weights;
    const input = { x, y, n: rows, d, hidden: [5], epochs: 2, batchSize: 50, validationFraction: 0, initialWeights };
    const native = await trainMlp(input);
    const ref = trainMlpReference(input);
    expect(native.validationLoss).toHaveLength(0);
    expect(native.bestEpoch).toBe(1);
    expect(maxAbsDiff(native.weights, ref.weights)).toBeLessThan(1e-5);
  });
});
