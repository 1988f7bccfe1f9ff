import { bprReference, trainBpr, type BprInput } from '../../src/compute';
import { maxAbsDiff, plantedGroups, randomInteractions, sameGroup, score } from './support/factorization-fixtures';

/** Exact AUC: the fraction of (u, seen i, unseen j) triples with score(u, i) > score(u, j). */
function auc(input: BprInput, x: Float32Array, y: Float32Array, bias: Float32Array, d: number): number {
  let right = 0, total = 0;
  for (let u = 0; u < input.indptr.length - 1; u++) {
    const seen = new Set(input.indices.subarray(input.indptr[u], input.indptr[u + 1]));
    for (const i of seen) {
      for (let j = 0; j < input.nItems; j++) {
        if (seen.has(j)) continue;
        total++;
        if (score(x, y, d, u, i, bias) > score(x, y, d, u, j, bias)) right++;
      }
    }
  }
  return right / total;
}

describe('trainBpr', () => {
  it('matches the TypeScript reference step for step', async () => {
    const input: BprInput = { ...randomInteractions(20, 15, 0.3, 4), factors: 4, epochs: 5, seed: 3,
      learningRate: 0.1, regularization: 0.02 };
    const native = await trainBpr(input);
    const reference = bprReference(input);
    expect(maxAbsDiff(native.userFactors, reference.userFactors)).toBeLessThan(1e-5);
    expect(maxAbsDiff(native.itemFactors, reference.itemFactors)).toBeLessThan(1e-5);
    expect(maxAbsDiff(native.itemBias, reference.itemBias)).toBeLessThan(1e-5);
    expect(maxAbsDiff(native.loss, reference.loss)).toBeLessThan(1e-6);
    expect(Array.from(native.auc)).toEqual(Array.from(reference.auc));
  });

  it('learns planted tastes: AUC well above 0.5, unseen recommendations from the right group', async () => {
    const nUsers = 60, nItems = 40, d = 8;
    const input: BprInput = { ...plantedGroups(nUsers, nItems, 8, 11), factors: d, epochs: 40, seed: 5 };
    const model = await trainBpr(input);
    expect(auc(input, model.userFactors, model.itemFactors, model.itemBias, d)).toBeGreaterThan(0.85);
    expect(model.auc[model.auc.length - 1]).toBeGreaterThan(model.auc[0]);
    expect(model.loss[model.loss.length - 1]).toBeLessThan(model.loss[0]);
    let right = 0, total = 0;
    for (let u = 0; u < nUsers; u++) {
      const seen = new Set(input.indices.subarray(input.indptr[u], input.indptr[u + 1]));
      const unseen = Array.from({ length: nItems }, (_, i) => i).filter((i) => !seen.has(i));
      unseen.sort((a, b) => score(model.userFactors, model.itemFactors, d, u, b, model.itemBias) -
        score(model.userFactors, model.itemFactors, d, u, a, model.itemBias));
      for (const i of unseen.slice(0, 3)) { total++; if (sameGroup(u, i, nUsers, nItems)) right++; }
    }
    expect(right / total).toBeGreaterThan(0.9);
  });

  it('is bit-identical for a seed', async () => {
    const input: BprInput = { ...randomInteractions(50, 30, 0.2, 8), factors: 8, epochs: 3, seed: 77 };
    const [a, b] = await Promise.all([trainBpr(input), trainBpr(input)]);
    expect(Buffer.from(a.itemFactors.buffer).equals(Buffer.from(b.itemFactors.buffer))).toBe(true);
    expect(Buffer.from(a.userFactors.buffer).equals(Buffer.from(b.userFactors.buffer))).toBe(true);
  });
});
