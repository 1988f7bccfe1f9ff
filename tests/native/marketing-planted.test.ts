import { adjustedRandIndex } from '../../src/compute';
import { buildFeatures, evaluatePropensity } from '../../src/domain/marketing/propensity';
import { clusterBehaviour } from '../../src/domain/segments/clustering';
import { seededRandom } from '../../src/compute/reference/mulberry32';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

const rng = seededRandom;

describe('behavioural clustering on planted groups', () => {
  it('recovers three planted customer groups (ARI ≥ 0.9) and picks k = 3 by silhouette', async () => {
    const r = rng(7);
    const groups = [
      { recency: 5, frequency: 30, monetary: 5000 },
      { recency: 200, frequency: 1, monetary: 40 },
      { recency: 40, frequency: 5, monetary: 400 },
    ];
    const ids: string[] = [];
    const truth: number[] = [];
    const rows: number[][] = [];
    for (let i = 0; i < 600; i++) {
      const g = i % 3;
      const jitter = () => 0.8 + 0.4 * r();
      const p = groups[g];
      ids.push(`c${i}`);
      truth.push(g);
      rows.push([p.recency * jitter(), p.frequency * jitter(), p.monetary * jitter()]);
    }
    const result = await clusterBehaviour({
      ids, columns: ['recency_days', 'frequency', 'monetary'], values: Float32Array.from(rows.flat()),
      revenue: Float64Array.from(rows.map((row) => row[2])), logColumns: ['recency_days', 'frequency', 'monetary'],
    });
    expect(result.k).toBe(3);
    expect(adjustedRandIndex(Int32Array.from(truth), result.labels)).toBeGreaterThanOrEqual(0.9);
    const names = result.clusters.map((c) => c.name).sort();
    expect(names.some((n) => n.startsWith('Recent high-value frequent'))).toBe(true);
    expect(names.some((n) => n.startsWith('Lapsed low-value one-off'))).toBe(true);
    expect(result.clusters.reduce((s, c) => s + c.revenueShare, 0)).toBeCloseTo(1, 3);
  });
});

describe('propensity on a planted shop', () => {
  it('the MLP beats the recency-only baseline when buying again depends on frequency too', async () => {
    const r = rng(11);
    const orders = [];
    const last = T0 + 400 * DAY;
    for (let c = 0; c < 1500; c++) {
      // loyal customers buy every ~12 days; others rarely; some loyal ones paused recently (recency alone misleads)
      const loyal = r() < 0.4;
      const gap = loyal ? 12 : 90;
      let t = T0 + r() * 60 * DAY;
      const pauseFrom = loyal && r() < 0.5 ? last - 100 * DAY - r() * 40 * DAY : Infinity;
      while (t < last) {
        if (t < pauseFrom || t > last - 60 * DAY) orders.push({ customerId: `c${c}`, placedAtMs: t, net: 20 + 80 * r(), cancelled: false });
        t += gap * DAY * (0.5 + r());
      }
    }
    const e = await evaluatePropensity(orders, last, 30);
    expect(e.mlp.auc).toBeGreaterThan(e.baseline.auc);
    expect(e.mlp.auc).toBeGreaterThan(0.75);
    expect(buildFeatures(orders, last).customerIds.length).toBeGreaterThan(1000);
  });
});
