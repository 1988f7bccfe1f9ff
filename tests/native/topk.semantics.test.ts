import { topK, topKReference, type TopKInput, type TopKKernel } from '../../src/compute';
import { randomVectors, row } from './support/topk-fixtures';

/** Planted ground truth: inputs built so the right answer is known without computing it. */
describe.each<TopKKernel>(['auto', 'scalar'])('topK semantics (kernel %s)', (kernel) => {
  /** Item i is the vector (v_i, 0, …) in d dims; the query is (1, 0, …), so item i scores v_i. */
  function lineInput(values: number[], d = 8, extra: Partial<TopKInput> = {}): TopKInput {
    const items = new Float32Array(values.length * d);
    values.forEach((v, i) => (items[i * d] = v));
    const queries = new Float32Array(d);
    queries[0] = 1;
    return { queries, items, d, k: 3, kernel, ...extra };
  }

  it('orders by score descending', async () => {
    const r = await topK(lineInput([0.1, 0.9, 0.5, 0.7, 0.3], 8, { k: 3 }));
    expect(row(r, 0)).toEqual([1, 3, 2]);
    expect(Array.from(r.scores)).toEqual([Math.fround(0.9), Math.fround(0.7), Math.fround(0.5)]);
  });

  it('breaks ties between duplicate item vectors by ascending id', async () => {
    const items = randomVectors(50 * 16, 3).map((x) => x * 0.1);
    const best = randomVectors(16, 4);
    for (const id of [41, 7, 23, 30]) items.set(best, id * 16);
    const input: TopKInput = { queries: best, items, d: 16, k: 3, kernel };
    expect(row(await topK(input), 0)).toEqual([7, 23, 30]);
    expect(row(topKReference(input), 0)).toEqual([7, 23, 30]);
  });

  it('breaks ties by id across item partitions (one query, many items)', async () => {
    const ni = 60_000, d = 8;
    const items = randomVectors(ni * d, 5).map((x) => x * 0.01);
    const best = Float32Array.of(1, 1, 1, 1, 1, 1, 1, 1);
    for (const id of [59_999, 3, 31_000, 17_000]) items.set(best, id * d);
    expect(row(await topK({ queries: best, items, d, k: 4, kernel }), 0)).toEqual([3, 17_000, 31_000, 59_999]);
  });

  it('returns every eligible item and pads the rest when k exceeds them (id -1, score NaN)', async () => {
    const r = await topK(lineInput([0.2, 0.4, 0.1], 8, { k: 5 }));
    expect(r.counts[0]).toBe(3);
    expect(Array.from(r.ids)).toEqual([1, 0, 2, -1, -1]);
    expect(r.scores[3]).toBeNaN();
    expect(r.scores[4]).toBeNaN();
  });

  it('treats an empty exclusion list like none', async () => {
    const base = lineInput([0.2, 0.4, 0.1, 0.8]);
    const excluded = await topK({ ...base, excludeOffsets: Int32Array.of(0, 0), excludeIds: new Int32Array(0) });
    expect(row(excluded, 0)).toEqual(row(await topK(base), 0));
  });

  it('skips excluded items per query; a full exclusion list returns nothing', async () => {
    const values = [0.2, 0.4, 0.1, 0.8];
    const base = lineInput(values);
    const input: TopKInput = {
      ...base,
      queries: new Float32Array([...base.queries, ...base.queries]),
      excludeOffsets: Int32Array.of(0, 2, 6),
      excludeIds: Int32Array.of(3, 1, 0, 1, 2, 3),
    };
    const r = await topK(input);
    expect(row(r, 0)).toEqual([0, 2]);
    expect(r.counts[1]).toBe(0);
    expect(Array.from(r.ids.subarray(3))).toEqual([-1, -1, -1]);
  });

  it('never returns items the allow-mask disallows', async () => {
    const r = await topK(lineInput([0.2, 0.4, 0.1, 0.8], 8, { allow: Uint8Array.of(1, 0, 1, 0) }));
    expect(row(r, 0)).toEqual([0, 2]);
    const none = await topK(lineInput([0.2, 0.4], 8, { allow: new Uint8Array(2) }));
    expect(none.counts[0]).toBe(0);
  });

  it('adds the per-item bias to the score (a popularity prior orders zero vectors)', async () => {
    const bias = Float32Array.of(0.1, 3, 0.5, 3, -1);
    const r = await topK(lineInput([0, 0, 0, 0, 0], 8, { bias, k: 4 }));
    expect(row(r, 0)).toEqual([1, 3, 2, 0]);
    expect(Array.from(r.scores)).toEqual([3, 3, 0.5, Math.fround(0.1)]);
  });

  it('handles d=1 with a negative query (most negative items first)', async () => {
    const r = await topK({ queries: Float32Array.of(-2), items: Float32Array.of(3, -1, 0, -5), d: 1, k: 2, kernel });
    expect(row(r, 0)).toEqual([3, 1]);
    expect(Array.from(r.scores)).toEqual([10, 2]);
  });

  it('answers empty shapes: no items gives zero counts, no queries gives empty arrays', async () => {
    const noItems = await topK({ queries: new Float32Array(8), items: new Float32Array(0), d: 4, k: 2, kernel });
    expect(Array.from(noItems.counts)).toEqual([0, 0]);
    expect(Array.from(noItems.ids)).toEqual([-1, -1, -1, -1]);
    const noQueries = await topK({ queries: new Float32Array(0), items: new Float32Array(8), d: 4, k: 2, kernel });
    expect(noQueries.nq).toBe(0);
    expect(noQueries.ids.length).toBe(0);
  });

  it('keeps a score that overflows float32 to Infinity and skips one that overflows to NaN', async () => {
    const items = Float32Array.of(1e30, 1e30, 1e30, -1e30, 1, 1);
    const r = await topK({ queries: Float32Array.of(1e30, 1e30), items, d: 2, k: 3, kernel });
    expect(row(r, 0)).toEqual([0, 2]); // item 1 scores inf - inf = NaN: not eligible, not an input error
    expect(r.scores[0]).toBe(Infinity);
  });
});
