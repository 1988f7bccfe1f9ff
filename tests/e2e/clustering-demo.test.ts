import pino from 'pino';
import { adjustedRandIndex } from '../../src/compute';
import { getDemoTruth, loadDemoShop } from '../../src/domain/demo';
import { clusterBehaviour, loadBehaviourTable } from '../../src/domain/segments/clustering';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('behavioural clustering on the demo shop', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoShop(db.dataSource, { users: 1500, products: 120, days: 365, seed: 9, endDate: '2026-06-01' });
  }, 120_000);
  afterAll(() => db.drop());

  it('recovers the planted customer groups (adjusted Rand index ≥ 0.8) with k chosen by silhouette', async () => {
    const ctx = { requestId: 't', logger: pino({ level: 'silent' }), dataSource: db.dataSource, limits: { maxBatch: 10 } };
    const table = await loadBehaviourTable(ctx, new Date('2026-06-01T00:00:00Z'));
    const truth = (await getDemoTruth(db.dataSource))!;
    const external = new Map<string, string>(
      (await db.dataSource.query(`SELECT id::text AS id, external_id FROM users`)).map((r: any) => [r.id, r.external_id]),
    );
    const groups = truth.groups.map((g) => g.key);
    const planted = Int32Array.from(table.ids, (id) => groups.indexOf(truth.users[external.get(id)!].group));
    const result = await clusterBehaviour(table);
    const ari = adjustedRandIndex(planted, result.labels);
    expect(ari).toBeGreaterThanOrEqual(0.8);
    expect(result.tried.map((t) => t.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(result.k).toBe(result.tried.reduce((best, t) => (t.silhouette > best.silhouette ? t : best)).k);
    expect(result.clusters.reduce((s, c) => s + c.size, 0)).toBe(table.ids.length);
  });
});
