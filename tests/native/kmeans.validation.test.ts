import { adjustedRandIndex, kmeans, silhouette } from '../../src/compute';

/** Exact message text (not error class: errors may come from another realm under jest). */
describe('k-means argument validation', () => {
  const data = Float32Array.of(0, 0, 1, 1, 5, 5);
  const as = <T>(value: unknown) => value as T;

  const cases: Array<[string, () => Promise<unknown>, string]> = [
    ['data of the wrong type', () => kmeans({ data: as<Float32Array>([0, 1]), n: 1, d: 2, k: 1 }),
      'kmeans: data must be a Float32Array of length n*d = 2 (got Array(2))'],
    ['data of the wrong length', () => kmeans({ data, n: 4, d: 2, k: 1 }),
      'kmeans: data must be a Float32Array of length n*d = 8 (got Float32Array(6))'],
    ['a NaN', () => kmeans({ data: Float32Array.of(0, NaN), n: 1, d: 2, k: 1 }),
      'kmeans: data must be finite (got NaN at index 1)'],
    ['n = 0', () => kmeans({ data, n: 0, d: 2, k: 1 }), 'kmeans: n must be a positive integer (got 0)'],
    ['k > n', () => kmeans({ data, n: 3, d: 2, k: 4 }), 'kmeans: k must be an integer in [1, 3] (got 4)'],
    ['restarts = 0', () => kmeans({ data, n: 3, d: 2, k: 2, restarts: 0 }),
      'kmeans: restarts must be an integer in [1, 1000] (got 0)'],
    ['maxIterations 1.5', () => kmeans({ data, n: 3, d: 2, k: 2, maxIterations: 1.5 }),
      'kmeans: maxIterations must be a positive integer (got 1.5)'],
    ['negative tolerance', () => kmeans({ data, n: 3, d: 2, k: 2, tolerance: -1 }),
      'kmeans: tolerance must be a finite number >= 0 (got -1)'],
    ['negative seed', () => kmeans({ data, n: 3, d: 2, k: 2, seed: -1 }),
      'kmeans: seed must be an integer in [0, 4294967295] (got -1)'],
    ['init of the wrong length', () => kmeans({ data, n: 3, d: 2, k: 2, init: new Float32Array(3) }),
      'kmeans: init must be a Float32Array of length k*d = 4 (got Float32Array(3))'],
    ['labels of the wrong length', () => silhouette({ data, n: 3, d: 2, labels: new Int32Array(2), k: 2 }),
      'silhouette: labels must be an Int32Array of length n = 3 (got Int32Array(2))'],
    ['a label out of range', () => silhouette({ data, n: 3, d: 2, labels: Int32Array.of(0, 2, 1), k: 2 }),
      'silhouette: labels[1] must be a cluster id in [0, k) = [0, 2) (got 2)'],
    ['sampleSize 1', () => silhouette({ data, n: 3, d: 2, labels: Int32Array.of(0, 1, 1), k: 2, sampleSize: 1 }),
      'silhouette: sampleSize must be an integer in [2, 2147483647] (got 1)'],
  ];

  it.each(cases)('%s', async (_name, call, message) => {
    await expect(call()).rejects.toThrow(message);
    await call().catch((error: Error) => expect(error.message).toBe(message));
  });
});

describe('adjustedRandIndex', () => {
  it('is 1 for the same partition under other names', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [5, 5, 3, 3, 9])).toBe(1);
  });

  it('gives the textbook values', () => {
    // scikit-learn's documented examples of adjusted_rand_score.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.5714285714, 8);
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 10);
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });

  it('is near 0 for independent labellings', () => {
    const a = Array.from({ length: 5000 }, (_, i) => i % 4);
    const b = Array.from({ length: 5000 }, (_, i) => Math.floor(i / 7) % 5);
    expect(Math.abs(adjustedRandIndex(a, b))).toBeLessThan(0.01);
  });

  it('refuses labellings of different lengths', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow('adjustedRandIndex: labellings differ in length (2 vs 1)');
  });
});
