import { adjustedRandIndex, kmeans, silhouette } from '../../src/compute';
import { blobs, bytes, inProcessWithThreads } from './support/marketing-fixtures';

describe('kmeans', () => {
  it('recovers well-separated planted clusters (adjusted Rand index >= 0.95)', async () => {
    const n = 4000, d = 8, k = 6;
    const { data, truth } = blobs(n, d, k, 12, 3);
    const result = await kmeans({ data, n, d, k });
    expect(adjustedRandIndex(result.labels, truth)).toBeGreaterThanOrEqual(0.95);
    expect(result.centroids).toHaveLength(k * d);
    expect(result.labels).toHaveLength(n);
    expect(result.iterations).toBeGreaterThanOrEqual(1);
  });

  it('keeps the lowest-inertia start: more restarts never do worse than the first start alone', async () => {
    const n = 3000, d = 4, k = 10;
    const { data } = blobs(n, d, k, 4, 11); // overlapping: starts disagree
    const one = await kmeans({ data, n, d, k, restarts: 1, seed: 5 });
    const eight = await kmeans({ data, n, d, k, restarts: 8, seed: 5 });
    expect(eight.inertia).toBeLessThanOrEqual(one.inertia);
  });

  it('reports the inertia of its labels and centroids', async () => {
    const n = 500, d = 3, k = 4;
    const { data } = blobs(n, d, k, 5, 2);
    const { centroids, labels, inertia } = await kmeans({ data, n, d, k });
    let sum = 0;
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < d; f++) sum += (data[i * d + f] - centroids[labels[i] * d + f]) ** 2;
    }
    expect(Math.abs(inertia - sum) / sum).toBeLessThan(1e-5);
  });

  it('is deterministic for a seed, whatever the thread count', async () => {
    const n = 5000, d = 6, k = 5;
    const { data } = blobs(n, d, k, 3, 21);
    const a = await kmeans({ data, n, d, k, seed: 7 });
    const b = await kmeans({ data, n, d, k, seed: 7 });
    expect(bytes(a.centroids)).toBe(bytes(b.centroids));
    expect(bytes(a.labels)).toBe(bytes(b.labels));
    const body = `
      const r = await a.kmeans({ data: f32(0), n: ${n}, d: ${d},
        k: ${k}, restarts: 4, maxIterations: 100, tolerance: 1e-4, seed: 7 });
      return { c: b64(r.centroids), l: b64(r.labels), inertia: r.inertia };`;
    for (const threads of [1, 3]) {
      expect(inProcessWithThreads(threads, body, [data])).toEqual({ c: bytes(a.centroids), l: bytes(a.labels), inertia: a.inertia });
    }
  });

  it('handles k = n and duplicate rows without NaN', async () => {
    const data = Float32Array.of(1, 1, 1, 1, 5, 5);
    const r = await kmeans({ data, n: 3, d: 2, k: 3 });
    expect(Array.from(r.centroids).every(Number.isFinite)).toBe(true);
    expect(r.inertia).toBe(0);
    const same = await kmeans({ data: new Float32Array(40).fill(3), n: 20, d: 2, k: 3 }); // nothing to split
    expect(Array.from(same.centroids)).toEqual(new Array(6).fill(3));
    expect(same.inertia).toBe(0);
    expect(await silhouette({ data: new Float32Array(40).fill(3), n: 20, d: 2, labels: same.labels, k: 3 })).toBe(0);
  });
});

describe('silhouette of known configurations', () => {
  const line = (values: number[]) => Float32Array.from(values);

  it('matches the value worked out by hand for two pairs on a line', async () => {
    // Points 0, 1 | 10, 11: s = 9.5/10.5 for the outer points and 8.5/9.5 for the inner ones.
    const s = await silhouette({ data: line([0, 1, 10, 11]), n: 4, d: 1, labels: Int32Array.of(0, 0, 1, 1), k: 2 });
    expect(s).toBeCloseTo((9.5 / 10.5 + 8.5 / 9.5) / 2, 6);
  });

  it('is negative for a labelling that splits the natural groups, and 0 for one cluster', async () => {
    const data = line([0, 1, 10, 11]);
    expect(await silhouette({ data, n: 4, d: 1, labels: Int32Array.of(0, 1, 0, 1), k: 2 })).toBeLessThan(0);
    expect(await silhouette({ data, n: 4, d: 1, labels: Int32Array.of(1, 1, 1, 1), k: 2 })).toBe(0);
  });

  it('scores singletons 0', async () => {
    // Cluster 1 is the single point 10: it contributes 0; points 0 and 1 give 9.5/10 and 8.5/9.
    const s = await silhouette({ data: line([0, 1, 10]), n: 3, d: 1, labels: Int32Array.of(0, 0, 1), k: 2 });
    expect(s).toBeCloseTo((9 / 10 + 8 / 9) / 3, 6);
  });

  it('is close to 1 for tight, distant blobs and estimates the exact value from a sample', async () => {
    const n = 3000, d = 4, k = 3;
    const { data, truth } = blobs(n, d, k, 40, 8);
    const exact = await silhouette({ data, n, d, labels: truth, k });
    const sampled = await silhouette({ data, n, d, labels: truth, k, sampleSize: 500 });
    expect(exact).toBeGreaterThan(0.8);
    expect(Math.abs(sampled - exact)).toBeLessThan(0.02);
  });
});
