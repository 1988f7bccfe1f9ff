import { alsFoldIn, trainAls } from '../../src/compute';
import { csrFromRows, maxAbsDiff, plantedGroups, sameGroup, score } from './support/factorization-fixtures';

/** What ALS is for: recovering planted tastes, updating one user in real time, and not blocking the loop. */
describe('trainAls behaviour', () => {
  it('recommends unseen items from the user’s own planted group', async () => {
    const nUsers = 40, nItems = 30, d = 4;
    const data = plantedGroups(nUsers, nItems, 8, 3); // 8 of each group's 15 items seen, 7 left to find
    const model = await trainAls({ ...data, factors: d, iterations: 10, alpha: 4, regularization: 1, seed: 1 });
    for (let u = 0; u < nUsers; u++) {
      const seen = new Set(data.indices.subarray(data.indptr[u], data.indptr[u + 1]));
      const unseen = Array.from({ length: nItems }, (_, i) => i).filter((i) => !seen.has(i));
      unseen.sort((a, b) => score(model.userFactors, model.itemFactors, d, u, b) -
        score(model.userFactors, model.itemFactors, d, u, a));
      for (const i of unseen.slice(0, 5)) expect(sameGroup(u, i, nUsers, nItems)).toBe(true);
    }
  });

  it('fold-in gives the row a full exact solve gives', async () => {
    const data = plantedGroups(30, 20, 5, 8);
    const params = { ...data, factors: 6, regularization: 0.2, alpha: 4, solver: 'cholesky' as const, seed: 2 };
    // The last user half-sweep of a 4-iteration run solves against the item factors a 3-iteration run ends with.
    const before = await trainAls({ ...params, iterations: 3 });
    const after = await trainAls({ ...params, iterations: 4 });
    for (const u of [0, 7, 29]) {
      const items = data.indices.slice(data.indptr[u], data.indptr[u + 1]).reverse(); // any order is fine
      const values = data.values.slice(data.indptr[u], data.indptr[u + 1]).reverse();
      const expected = after.userFactors.subarray(u * 6, (u + 1) * 6);
      const { factors, regularization, alpha } = params;
      const cold = await alsFoldIn(before.itemFactors, items, values, { factors, regularization, alpha });
      const warm = await alsFoldIn(before.itemFactors, items, values,
        { factors, regularization, alpha, itemGram: before.itemGram });
      expect(maxAbsDiff(cold, expected)).toBeLessThan(1e-5);
      expect(maxAbsDiff(warm, expected)).toBeLessThan(1e-5);
    }
  });

  it('fold-in of a user with no events is the zero vector', async () => {
    const itemFactors = Float32Array.of(1, 2, 3, 4, 5, 6);
    const x = await alsFoldIn(itemFactors, new Int32Array(0), new Float32Array(0), { factors: 2 });
    expect(Array.from(x)).toEqual([0, 0]);
  });

  it('keeps the event loop turning during training', async () => {
    const nUsers = 10_000, nItems = 2_000;
    const rows = Array.from({ length: nUsers }, (_, u) => Array.from({ length: 40 }, (_, k) => (u * 7 + k * 37) % nItems));
    const data = csrFromRows(rows, nItems, (u, i) => 1 + ((u + i) % 3));
    let ticks = 0, done = false;
    const spin = (): void => {
      ticks++;
      if (!done) setImmediate(spin);
    };
    setImmediate(spin);
    const model = await trainAls({ ...data, factors: 32, iterations: 3 });
    done = true;
    expect(model.loss.length).toBe(3);
    expect(ticks).toBeGreaterThan(10);
  });
});
