import { adjustedRandIndex, kmeans } from '../../src/compute';
import { assignNearest, clusterBehaviour, standardise, type ClusterInput } from '../../src/domain/segments/clustering';

/** mulberry32: a tiny seeded generator so the planted data is the same every run. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Four planted groups, interleaved (row i belongs to group i mod 4), with ±20 % jitter. */
function planted(n: number): { input: ClusterInput; truth: Int32Array } {
  const r = rng(3);
  const groups = [
    { recency: 5, frequency: 30, monetary: 5000 },
    { recency: 200, frequency: 1, monetary: 40 },
    { recency: 40, frequency: 5, monetary: 400 },
    { recency: 120, frequency: 12, monetary: 60 },
  ];
  const values = new Float32Array(n * 3);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const g = groups[i % 4];
    const jitter = () => 0.8 + 0.4 * r();
    truth[i] = i % 4;
    values.set([g.recency * jitter(), g.frequency * jitter(), g.monetary * jitter()], i * 3);
  }
  return {
    input: {
      ids: Array.from({ length: n }, (_, i) => `c${i}`), columns: ['recency_days', 'frequency', 'monetary'], values,
      revenue: Float64Array.from({ length: n }, (_, i) => values[i * 3 + 2]), logColumns: ['recency_days', 'frequency', 'monetary'],
    },
    truth,
  };
}

describe('clustering fitted on a sample, every row assigned after', () => {
  it('recovers planted groups from a 300-row sample of 6,000 rows, choosing k = 4, like the full fit', async () => {
    const { input, truth } = planted(6000);
    const sampled = await clusterBehaviour(input, { fitSample: 300 });
    const full = await clusterBehaviour(input);
    expect(sampled.k).toBe(4);
    expect(full.k).toBe(4);
    expect(sampled.labels).toHaveLength(6000);
    expect(adjustedRandIndex(truth, sampled.labels)).toBeGreaterThanOrEqual(0.95);
    expect(adjustedRandIndex(full.labels, sampled.labels)).toBeGreaterThanOrEqual(0.95);
    expect(sampled.clusters.reduce((s, c) => s + c.size, 0)).toBe(6000);
    expect(sampled.clusters.reduce((s, c) => s + c.revenueShare, 0)).toBeCloseTo(1, 3);
    expect(sampled.clusters.map((c) => c.name).some((n) => n.startsWith('Recent high-value frequent'))).toBe(true);
  });

  it('is the same on every run and leaves tables at or under the sample size untouched', async () => {
    const { input } = planted(2000);
    const a = await clusterBehaviour(input, { fitSample: 200 });
    const b = await clusterBehaviour(input, { fitSample: 200 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    const whole = await clusterBehaviour(input, { fitSample: 2000 });
    const defaults = await clusterBehaviour(input);
    expect(Array.from(whole.labels)).toEqual(Array.from(defaults.labels));
    await expect(clusterBehaviour(input, { fitSample: 2 })).rejects.toMatchObject({ extensions: { field: 'fitSample' } });
  });

  it('assigns each row to the same nearest centroid as the addon', async () => {
    const { input } = planted(1000);
    const data = standardise(input);
    const fit = await kmeans({ data, n: 1000, d: 3, k: 5, seed: 1 });
    expect(Array.from(assignNearest(data, 1000, 3, fit.centroids, 5))).toEqual(Array.from(fit.labels));
  });
});
