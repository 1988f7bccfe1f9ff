import { mlpContributions, mlpPredict, trainMlp } from '../../src/compute';
import { auc, bytes, inProcessWithThreads, normal } from './support/marketing-fixtures';
import { seededRandom } from './support/topk-fixtures';

/**
 * A planted problem: y = 1 when x0·x1 + 0.8·x2 > 0 (not linearly separable), with 5 % of labels flipped;
 * x3…x5 are noise.
 */
function planted(n: number, seed: number) {
  const d = 6, next = seededRandom(seed);
  const x = Float32Array.from({ length: n * d }, () => normal(next));
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const clean = x[i * d] * x[i * d + 1] + 0.8 * x[i * d + 2] > 0 ? 1 : 0;
    y[i] = next() < 0.05 ? 1 - clean : clean;
  }
  return { x, y, n, d };
}

describe('trainMlp', () => {
  const train = planted(6000, 1), test = planted(2000, 2);

  it('lowers the loss and reaches a high AUC on held-out rows of a planted problem', async () => {
    const model = await trainMlp({ ...train, hidden: [32], epochs: 40, learningRate: 0.01, batchSize: 128 });
    expect(model.trainLoss[model.trainLoss.length - 1]).toBeLessThan(0.6 * model.trainLoss[0]);
    expect(model.validationLoss[model.bestEpoch]).toBeLessThan(0.8 * model.validationLoss[0]);
    const p = await mlpPredict({ model, x: test.x, n: test.n });
    expect(auc(p, test.y)).toBeGreaterThan(0.92); // 5 % flipped labels cap it near 0.95
    // The interaction the network must learn: a linear model on the same features stays far below.
    const linear = await trainMlp({ ...train, hidden: [], epochs: 40, learningRate: 0.01, batchSize: 128 });
    expect(auc(await mlpPredict({ model: linear, x: test.x, n: test.n }), test.y)).toBeLessThan(0.85);
  });

  it('attributes the prediction to the informative features', async () => {
    const model = await trainMlp({ ...train, hidden: [16], epochs: 20, learningRate: 0.01 });
    const c = await mlpContributions({ model, x: test.x, n: test.n });
    const meanAbs = Array.from({ length: test.d }, (_, f) => {
      let s = 0;
      for (let r = 0; r < test.n; r++) s += Math.abs(c[r * test.d + f]);
      return s / test.n;
    });
    const signal = Math.min(meanAbs[0], meanAbs[1], meanAbs[2]);
    expect(signal).toBeGreaterThan(3 * Math.max(meanAbs[3], meanAbs[4], meanAbs[5]));
  });

  it('stops early when the validation loss stops improving, and keeps the best epoch', async () => {
    const next = seededRandom(9);
    const noise = { ...train, y: Float32Array.from(train.y, () => (next() < 0.5 ? 1 : 0)) }; // nothing to learn
    const model = await trainMlp({ ...noise, hidden: [64], epochs: 500, learningRate: 0.01, patience: 4 });
    const epochs = model.trainLoss.length;
    expect(epochs).toBeLessThan(500);
    expect(epochs).toBe(model.bestEpoch + 4 + 1);
    expect(model.validationLoss).toHaveLength(epochs);
    const best = Math.min(...model.validationLoss);
    expect(model.validationLoss[model.bestEpoch]).toBe(best);
  });

  it('weights the positive class: a larger positiveWeight raises the predicted probabilities', async () => {
    const base = { ...train, hidden: [8], epochs: 5, learningRate: 0.01 };
    const mean = async (positiveWeight: number) => {
      const p = await mlpPredict({ model: await trainMlp({ ...base, positiveWeight }), x: test.x, n: test.n });
      return p.reduce((a, b) => a + b, 0) / test.n;
    };
    expect(await mean(5)).toBeGreaterThan((await mean(1)) + 0.1);
  });

  it('is deterministic for a seed, whatever the thread count, and another seed differs', async () => {
    const settings = { hidden: [16, 8], epochs: 3, batchSize: 100, seed: 5 };
    const a = await trainMlp({ ...train, ...settings });
    const b = await trainMlp({ ...train, ...settings });
    const c = await trainMlp({ ...train, ...settings, seed: 6 });
    expect(bytes(a.weights)).toBe(bytes(b.weights));
    expect(bytes(a.weights)).not.toBe(bytes(c.weights));
    const body = `
      const m = await a.trainMlp({ x: f32(0), y: f32(1), n: ${train.n}, d: ${train.d}, hidden: Int32Array.of(16, 8),
        learningRate: 1e-3, l2: 1e-4, epochs: 3, batchSize: 100, validationFraction: 0.2, patience: 10, seed: 5,
        positiveWeight: 1 });
      return { w: b64(m.weights), loss: b64(m.trainLoss) };`;
    for (const threads of [1, 3]) {
      expect(inProcessWithThreads(threads, body, [train.x, train.y])).toEqual({ w: bytes(a.weights), loss: bytes(a.trainLoss) });
    }
  });

  it('stores the standardisation of the training rows (a constant feature gets std 1)', async () => {
    const x = Float32Array.from({ length: 300 * 2 }, (_, e) => (e % 2 === 0 ? 7 : e));
    const y = Float32Array.from({ length: 300 }, (_, i) => i % 2);
    const model = await trainMlp({ x, y, n: 300, d: 2, epochs: 1, validationFraction: 0 });
    expect(model.means[0]).toBe(7);
    expect(model.stds[0]).toBe(1);
    expect(model.means[1]).toBeCloseTo(300, 3);
    const p = await mlpPredict({ model, x, n: 300 });
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
  });
});
