import { scoreTopK, trainEase, trainItemKnn } from '../../src/compute';
import { twoGroups } from './support/item-model-fixtures';

/** Planted truth: two disjoint item groups, each liked by its own half of the users. */
describe('item models recommend within the planted group', () => {
  const users = 60;
  const items = 40;
  const x = twoGroups(users, items, 8, 7);
  const groupOf = (item: number) => (item < items / 2 ? 0 : 1);

  it.each([
    ['EASE', () => trainEase(x, { lambda: 5 })],
    ['item-kNN', () => trainItemKnn(x, { neighbors: 10, shrink: 1 })],
  ])('%s', async (_name, train) => {
    const model = await train();
    const out = await scoreTopK({ users: x, model, k: 5 });
    for (let u = 0; u < users; u++) {
      expect(out.counts[u]).toBe(5);
      const own = new Set(x.indices.subarray(x.indptr[u], x.indptr[u + 1]));
      for (const item of out.ids.subarray(u * 5, u * 5 + 5)) {
        expect(groupOf(item)).toBe(u % 2);
        expect(own.has(item)).toBe(false);
      }
    }
  });

  it('EASE puts no weight across the groups', async () => {
    const { weights } = await trainEase(x, { lambda: 5 });
    for (let i = 0; i < items; i++) {
      for (let j = 0; j < items; j++) if (groupOf(i) !== groupOf(j)) expect(weights[i * items + j]).toBe(0);
    }
  });
});
