import {
  scoreTopK, scoreTopKReference, trainEase, trainEaseReference, trainItemKnn, trainItemKnnReference,
} from '../../src/compute';
import { fromLists, randomInteractions } from './support/item-model-fixtures';

describe('EASE against the Gauss-Jordan reference', () => {
  it.each([
    [40, 25, 0.2, 5],
    [60, 50, 0.1, 50],
    [7, 12, 0.5, 0.5],
  ])('%i users × %i items, density %f, λ = %f', async (users, items, density, lambda) => {
    const x = randomInteractions(users, items, density, users * 31 + items);
    const native = await trainEase(x, { lambda });
    const reference = trainEaseReference(x, lambda);
    expect(native.items).toBe(items);
    expect(native.weights).toHaveLength(items * items);
    for (let i = 0; i < items * items; i++) expect(Math.abs(native.weights[i] - reference.weights[i])).toBeLessThan(1e-4);
    for (let i = 0; i < items; i++) expect(native.weights[i * items + i]).toBe(0);
  });

  it('gives an item nobody touched an all-zero row and column', async () => {
    const x = fromLists(4, [[0, 1], [1, 2], [0, 2]]);
    const { weights } = await trainEase(x, { lambda: 1 });
    for (let j = 0; j < 4; j++) {
      expect(weights[3 * 4 + j]).toBe(0);
      expect(weights[j * 4 + 3]).toBe(0);
    }
  });
});

describe('item-kNN against the reference', () => {
  it.each([
    [50, 30, 0.2, 5, 0],
    [50, 30, 0.2, 100, 3],
    [80, 40, 0.15, 7, 10],
  ])('%i users × %i items, density %f, %i neighbours, shrink %f', async (users, items, density, neighbors, shrink) => {
    const x = randomInteractions(users, items, density, users + items * 7);
    const native = await trainItemKnn(x, { neighbors, shrink });
    const reference = trainItemKnnReference(x, neighbors, shrink);
    expect(Array.from(native.offsets)).toEqual(Array.from(reference.offsets));
    expect(Array.from(native.ids)).toEqual(Array.from(reference.ids));
    for (let p = 0; p < reference.values.length; p++) {
      expect(Math.abs(native.values[p] - reference.values[p])).toBeLessThan(1e-6);
    }
  });

  it('finds exact neighbours on a hand-made matrix', async () => {
    // items 0 and 1 always together; item 2 once with 0; item 3 alone.
    const x = fromLists(4, [[0, 1], [0, 1], [0, 2], [3]]);
    const knn = await trainItemKnn(x, { neighbors: 2 });
    const row = (i: number) => Array.from(knn.ids.subarray(knn.offsets[i], knn.offsets[i + 1]));
    expect(row(0)).toEqual([1, 2]);
    expect(row(1)).toEqual([0]);
    expect(row(2)).toEqual([0]);
    expect(row(3)).toEqual([]);
    // cos(0, 1) = 2 / (√3·√2), cos(0, 2) = 1 / √3
    expect(knn.values[0]).toBeCloseTo(2 / Math.sqrt(6), 6);
    expect(knn.values[1]).toBeCloseTo(1 / Math.sqrt(3), 6);
  });

  it('shrinkage demotes a match with little support below one with more', async () => {
    // Item 0 has 4 users. Item 1 (1 user) shares 1 of them: cos = 1/(2·1) = 0.5. Item 2 (16 users) shares 3:
    // cos = 3/(2·4) = 0.375. With shrink 10: 1/12 = 0.083 against 3/18 = 0.167, so the order flips.
    const lists = [[0, 1], [0, 2], [0, 2], [0, 2], ...Array.from({ length: 13 }, () => [2])];
    const x = fromLists(3, lists);
    const neighboursOf0 = async (shrink: number) => {
      const knn = await trainItemKnn(x, { neighbors: 2, shrink });
      return { ids: Array.from(knn.ids.subarray(0, knn.offsets[1])), values: Array.from(knn.values.subarray(0, knn.offsets[1])) };
    };
    const plain = await neighboursOf0(0);
    expect(plain.ids).toEqual([1, 2]);
    expect(plain.values[0]).toBeCloseTo(0.5, 6);
    expect(plain.values[1]).toBeCloseTo(0.375, 6);
    const shrunk = await neighboursOf0(10);
    expect(shrunk.ids).toEqual([2, 1]);
    expect(shrunk.values[0]).toBeCloseTo(3 / 18, 6);
    expect(shrunk.values[1]).toBeCloseTo(1 / 12, 6);
  });
});

describe('scoreTopK against the reference', () => {
  it('dense (EASE) and sparse (kNN) models, with and without excluding own items', async () => {
    const x = randomInteractions(30, 40, 0.15, 99);
    const ease = await trainEase(x, { lambda: 10 });
    const knn = await trainItemKnn(x, { neighbors: 8, shrink: 1 });
    for (const model of [ease, knn]) {
      for (const excludeOwn of [true, false]) {
        const input = { users: x, model, k: 7, excludeOwn };
        const native = await scoreTopK(input);
        const reference = scoreTopKReference(input);
        expect(Array.from(native.counts)).toEqual(Array.from(reference.counts));
        for (let s = 0; s < reference.scores.length; s++) {
          if (Number.isNaN(reference.scores[s])) {
            expect(native.ids[s]).toBe(-1);
            continue;
          }
          expect(Math.abs(native.scores[s] - reference.scores[s])).toBeLessThan(1e-4);
        }
      }
    }
  });

  it('applies allow flags and per-user exclusions inside the top-K, as the reference does', async () => {
    const x = randomInteractions(20, 30, 0.2, 7);
    const knn = await trainItemKnn(x, { neighbors: 6, shrink: 0 });
    const ease = await trainEase(x, { lambda: 5 });
    const allow = Uint8Array.from({ length: 30 }, (_, j) => (j % 3 === 0 ? 0 : 1));
    const excludeOffsets = Int32Array.from({ length: 21 }, (_, u) => u);
    const excludeIds = Int32Array.from({ length: 20 }, (_, u) => (u * 7) % 30);
    for (const model of [ease, knn]) {
      const input = { users: x, model, k: 10, allow, excludeOffsets, excludeIds };
      const native = await scoreTopK(input);
      const reference = scoreTopKReference(input);
      expect(Array.from(native.counts)).toEqual(Array.from(reference.counts));
      for (let u = 0; u < 20; u++) {
        const row = Array.from(native.ids.subarray(u * 10, u * 10 + native.counts[u]));
        expect(row.every((j) => allow[j] === 1 && j !== excludeIds[u])).toBe(true);
        // a row is as long as k while enough eligible items exist: 20 allowed, minus own items and one exclusion
        expect(row.length).toBe(Math.min(10, reference.counts[u]));
      }
      for (let s = 0; s < reference.scores.length; s++) {
        if (!Number.isNaN(reference.scores[s])) expect(Math.abs(native.scores[s] - reference.scores[s])).toBeLessThan(1e-4);
      }
    }
  });

  it('pads a user with fewer eligible items than k and never returns their own items', async () => {
    const x = fromLists(3, [[0, 1], [2]]);
    const model = await trainEase(x, { lambda: 1 });
    const out = await scoreTopK({ users: x, model, k: 3 });
    expect(Array.from(out.counts)).toEqual([1, 2]);
    expect(Array.from(out.ids.subarray(0, 3))).toEqual([2, -1, -1]);
    expect(Array.from(out.ids.subarray(3, 6)).slice(0, 2).sort()).toEqual([0, 1]);
    expect(out.scores[1]).toBeNaN();
  });
});
