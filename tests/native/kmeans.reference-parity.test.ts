import {
  kmeans, lloydReference, silhouette, silhouetteReference, silhouetteRows,
} from '../../src/compute';
import { blobs, maxAbsDiff } from './support/marketing-fixtures';

/** The native kernels against the plain TypeScript references, from the same starting point. */
describe('k-means and silhouette: native vs reference', () => {
  const n = 800, d = 5, k = 4;
  const { data } = blobs(n, d, k, 3, 7); // overlapping blobs: several Lloyd iterations before convergence

  it('runs the same Lloyd iterations from the same initial centroids', async () => {
    const init = data.slice(0, k * d); // the first k rows
    const native = await kmeans({ data, n, d, k, init, tolerance: 0 });
    const ref = lloydReference(data, n, d, init, k, { tolerance: 0 });
    expect(ref.iterations).toBeGreaterThan(2);
    expect(native.iterations).toBe(ref.iterations);
    expect(Array.from(native.labels)).toEqual(Array.from(ref.labels));
    expect(maxAbsDiff(native.centroids, ref.centroids)).toBeLessThan(1e-4);
    expect(native.inertia).toBeCloseTo(ref.inertia, 1);
    expect(Math.abs(native.inertia - ref.inertia) / ref.inertia).toBeLessThan(1e-5);
  });

  it('stops at the same iteration under a loose tolerance and caps iterations', async () => {
    const init = data.slice(k * d, 2 * k * d);
    for (const options of [{ tolerance: 0.05 }, { tolerance: 0, maxIterations: 2 }]) {
      const native = await kmeans({ data, n, d, k, init, ...options });
      const ref = lloydReference(data, n, d, init, k, options);
      expect(native.iterations).toBe(ref.iterations);
      expect(Array.from(native.labels)).toEqual(Array.from(ref.labels));
    }
  });

  it('repairs an empty cluster the same way (the farthest row moves to it)', async () => {
    const init = data.slice(0, k * d);
    init.fill(1000, (k - 1) * d, k * d); // a centre no row is near: empty after the first assignment
    const native = await kmeans({ data, n, d, k, init, tolerance: 0 });
    const ref = lloydReference(data, n, d, init, k, { tolerance: 0 });
    expect(new Set(native.labels).size).toBe(k);
    expect(Array.from(native.labels)).toEqual(Array.from(ref.labels));
    expect(maxAbsDiff(native.centroids, ref.centroids)).toBeLessThan(1e-4);
  });

  it('computes the exact silhouette as the definition does', async () => {
    const small = 300;
    const labels = (await kmeans({ data: data.subarray(0, small * d), n: small, d, k })).labels;
    const native = await silhouette({ data: data.subarray(0, small * d), n: small, d, labels, k });
    const ref = silhouetteReference(data, d, labels, k, silhouetteRows(small, 10_000, 42));
    expect(Math.abs(native - ref)).toBeLessThan(1e-5);
  });

  it('samples the same rows above sampleSize and scores them the same', async () => {
    const labels = (await kmeans({ data, n, d, k })).labels;
    const native = await silhouette({ data, n, d, labels, k, sampleSize: 250, seed: 9 });
    const rows = silhouetteRows(n, 250, 9);
    expect(rows).toHaveLength(250);
    expect(Math.abs(native - silhouetteReference(data, d, labels, k, rows))).toBeLessThan(1e-5);
    const other = await silhouette({ data, n, d, labels, k, sampleSize: 250, seed: 10 });
    expect(other).not.toBe(native); // another seed, another sample
  });
});
