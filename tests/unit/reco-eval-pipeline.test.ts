import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  easeRecommender, evaluateRecommender, itemKnnRecommender, listOf, popularityRecommender, protocolSplit,
  readMovieLens100k, rowOf, seededRandom, stratifiedSplitByItem, type Recommender,
} from '../../src/domain/recommendations/evaluation';

/**
 * The evaluation pipeline end to end on a generated ml-100k-format directory with planted structure: four user
 * groups each rating from their own 30-item block (plus one item everyone rates), so a model
 * that learns item co-occurrence must beat popularity by far.
 */
describe('MovieLens evaluation pipeline', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'aisle-ml100k-'));
    const random = seededRandom(5);
    const lines: string[] = [];
    for (let u = 1; u <= 120; u++) {
      const block = (u % 4) * 30;
      const items = new Set<number>([121]);
      while (items.size < 1 + 15) items.add(1 + block + Math.floor(random() * 30));
      for (const i of items) lines.push(`${u}\t${i}\t${1 + Math.floor(random() * 5)}\t${880000000 + Math.floor(random() * 1e6)}`);
    }
    writeFileSync(path.join(dir, 'u.data'), lines.join('\n') + '\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads u.data with dense ids', () => {
    const table = readMovieLens100k(dir);
    expect(table.nUsers).toBe(120);
    expect(table.nItems).toBe(121);
    expect(table.users).toHaveLength(120 * 16);
  });

  it('fails naming the directory when it is absent', () => {
    const missing = path.join(dir, 'nope');
    expect(() => readMovieLens100k(missing)).toThrow(`MovieLens directory not found: ${missing}`);
  });

  it('splits 75/25 per item, reproducibly for a seed', () => {
    const table = readMovieLens100k(dir);
    const a = stratifiedSplitByItem(table, 0.75, 42);
    const b = stratifiedSplitByItem(table, 0.75, 42);
    const c = stratifiedSplitByItem(table, 0.75, 43);
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
    expect(a.train.length + a.test.length).toBe(table.users.length);
    const perItem = (rows: Int32Array) => {
      const n = new Array<number>(table.nItems).fill(0);
      for (const r of rows) n[table.items[r]]++;
      return n;
    };
    const train = perItem(a.train);
    const test = perItem(a.test);
    for (let i = 0; i < table.nItems; i++) expect(train[i]).toBe(Math.round(0.75 * (train[i] + test[i])));
  });

  it('never recommends training items, and planted structure beats popularity by far', async () => {
    const split = protocolSplit(readMovieLens100k(dir), 42);
    const run = (r: Recommender) => evaluateRecommender(split, r);
    const popularity = await run(popularityRecommender({ halfLifeDays: 3650 }));
    const ease = await run(easeRecommender({ lambda: 5 }));
    const knn = await run(itemKnnRecommender({ neighbors: 20, shrink: 0 }));
    expect(popularity.users).toBe(split.relevant.filter((s) => s.size > 0).length);
    expect(popularity.users).toBeGreaterThan(100);
    for (const row of [ease, knn]) {
      expect(row.ndcg).toBeGreaterThan(popularity.ndcg + 0.2);
      expect(row.precision).toBeGreaterThan(popularity.precision + 0.1);
    }
    // the exclusion itself, checked here and not only inside the harness
    const rank = await easeRecommender({ lambda: 5 }).train(split.train);
    const lists = await rank(10);
    for (let u = 0; u < split.train.nUsers; u++) {
      const own = new Set(rowOf(split.train.matrix, u));
      for (const item of listOf(lists, u)) expect(own.has(item)).toBe(false);
    }
  });

  it('rejects a model that recommends training items', async () => {
    const split = protocolSplit(readMovieLens100k(dir), 42);
    const cheat: Recommender = {
      model: 'cheat',
      params: {},
      async train(data) {
        return async (k) => {
          const ids = new Int32Array(data.nUsers * k).fill(-1);
          const counts = new Int32Array(data.nUsers);
          for (let u = 0; u < data.nUsers; u++) {
            const own = rowOf(data.matrix, u).slice(0, k);
            ids.set(own, u * k);
            counts[u] = own.length;
          }
          return { k, ids, counts };
        };
      },
    };
    await expect(evaluateRecommender(split, cheat)).rejects.toThrow(/was recommended training item/);
  });
});
