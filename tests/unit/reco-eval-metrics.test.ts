import {
  averageMetrics, averagePrecisionAtK, hitsAtK, ndcgAtK, precisionAtK, recallAtK,
} from '../../src/domain/recommendations/evaluation';

/** Hand-computed cases of the MovieLens protocol's metrics. */
describe('ranking metrics', () => {
  // recommended: hits at ranks 1 and 3 of 4; 3 relevant items (one never recommended)
  const recommended = [10, 20, 30, 40];
  const relevant = new Set([10, 30, 99]);
  const log2 = Math.log2;

  it('precision@k divides hits by k, not by the list length', () => {
    expect(hitsAtK(recommended, relevant, 4)).toBe(2);
    expect(precisionAtK(recommended, relevant, 4)).toBe(0.5);
    expect(precisionAtK(recommended, relevant, 10)).toBe(0.2);
    expect(precisionAtK(recommended, relevant, 1)).toBe(1);
  });

  it('recall@k divides hits by the number of relevant items', () => {
    expect(recallAtK(recommended, relevant, 4)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(recommended, relevant, 2)).toBeCloseTo(1 / 3, 12);
  });

  it('nDCG@k uses binary gain and the ideal DCG of min(k, |relevant|) hits', () => {
    const dcg = 1 / log2(2) + 1 / log2(4); // ranks 1 and 3
    expect(ndcgAtK(recommended, relevant, 4)).toBeCloseTo(dcg / (1 + 1 / log2(3) + 1 / log2(4)), 12);
    // k = 2: one hit at rank 1, ideal 2 hits
    expect(ndcgAtK(recommended, relevant, 2)).toBeCloseTo(1 / (1 + 1 / log2(3)), 12);
    expect(ndcgAtK([10, 30], new Set([10, 30]), 10)).toBeCloseTo(1, 12);
  });

  it('"MAP" averages precision at the hits and divides by |relevant|', () => {
    // (1/1 + 2/3) / 3
    expect(averagePrecisionAtK(recommended, relevant, 4)).toBeCloseTo((1 + 2 / 3) / 3, 12);
    // divided by |relevant| = 3 even when k = 1 holds only one slot
    expect(averagePrecisionAtK(recommended, relevant, 1)).toBeCloseTo(1 / 3, 12);
  });

  it('gives 0 for no hits and for an empty relevant set', () => {
    for (const f of [precisionAtK, recallAtK, ndcgAtK, averagePrecisionAtK]) {
      expect(f([1, 2], new Set([3]), 10)).toBe(0);
      expect(f([1, 2], new Set(), 10)).toBe(0);
    }
  });

  it('averages over users with relevant items only', () => {
    const relevantByUser = [new Set([1]), new Set<number>(), new Set([5, 6])];
    const lists = [[1, 2], [7], [6, 8]];
    const m = averageMetrics(relevantByUser, (u) => lists[u], 2);
    expect(m.users).toBe(2);
    expect(m.precision).toBeCloseTo((1 / 2 + 1 / 2) / 2, 12);
    expect(m.recall).toBeCloseTo((1 + 1 / 2) / 2, 12);
    expect(m.ndcg).toBeCloseTo((1 + 1 / (1 + 1 / log2(3))) / 2, 12);
    expect(m.map).toBeCloseTo((1 + 1 / 2) / 2, 12);
  });
});
