import pino from 'pino';
import { DEFAULT_TRAINING } from '../../src/config/config';
import type { RequestContext } from '../../src/domain/common/request-context';
import { loadInteractions } from '../../src/domain/recommendations/training/interactions';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const DAY = 86_400_000;

/** Planted rows on a real database: the aggregate is SQL, so it is pinned against PostgreSQL itself. */
describe('loadInteractions (event-weight aggregation)', () => {
  let db: TestDatabase;
  let ctx: RequestContext;
  const ids: Record<string, string> = {};
  const newest = Date.parse('2026-03-01T00:00:00Z');

  async function event(user: string, product: string, type: string, ageDays: number, value: number | null = null) {
    await db.dataSource.query(`INSERT INTO events (user_id, product_id, type, value, occurred_at) VALUES ($1, $2, $3, $4, $5)`, [
      ids[user],
      ids[product],
      type,
      value,
      new Date(newest - ageDays * DAY),
    ]);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = { requestId: 't', logger: pino({ level: 'silent' }), dataSource: db.dataSource, limits: { maxBatch: 10 } };
    for (const u of ['a', 'b', 'c']) {
      const [row] = await db.dataSource.query(`INSERT INTO users (external_id) VALUES ($1) RETURNING id::text AS id`, [u]);
      ids[u] = row.id;
    }
    for (const p of ['p1', 'p2', 'p3']) {
      const [row] = await db.dataSource.query(`INSERT INTO products (external_id, name, price) VALUES ($1, $1, 1) RETURNING id::text AS id`, [p]);
      ids[p] = row.id;
    }
    await event('a', 'p1', 'PURCHASE', 5); // +8
    await event('a', 'p1', 'RETURN', 4); // −8: cancels the purchase
    await event('a', 'p2', 'VIEW', 0); // +1
    await event('a', 'p2', 'CLICK', 0); // +2
    await event('a', 'p3', 'DISLIKE', 1); // −5 …
    await event('a', 'p3', 'VIEW', 1); // … +1: clamped away
    await event('b', 'p2', 'VIEW', 10); // +1, 10 days old
    await event('b', 'p3', 'RATING', 2, 5); // 5 − 2.5 = +2.5
    await event('c', 'p3', 'RATING', 2, 1); // 1 − 2.5 < 0: dropped
    await event('c', 'p1', 'ADD_TO_CART', 0); // +4
    await event('c', 'p1', 'REMOVE_FROM_CART', 0); // −2
  });
  afterAll(() => db.drop());

  function entries(data: Awaited<ReturnType<typeof loadInteractions>>): Record<string, number> {
    const out: Record<string, number> = {};
    const name = (id: string, keys: string[]) => keys.find((k) => ids[k] === id)!;
    for (let u = 0; u < data.userIds.length; u++) {
      for (let p = data.csr.indptr[u]; p < data.csr.indptr[u + 1]; p++) {
        const product = name(data.itemIds[data.csr.indices[p]], ['p1', 'p2', 'p3']);
        out[`${name(data.userIds[u], ['a', 'b', 'c'])}:${product}`] = data.csr.values[p];
      }
    }
    return out;
  }

  it('sums weights per user and product, lets returns cancel purchases, and drops sums ≤ 0', async () => {
    const data = await loadInteractions(ctx, { ...DEFAULT_TRAINING, decayHalfLifeDays: null });
    expect(entries(data)).toEqual({ 'a:p2': 3, 'b:p2': 1, 'b:p3': 2.5, 'c:p1': 2 });
    expect(data.csr.nItems).toBe(3);
    expect(Array.from(data.csr.indptr)).toEqual([0, 1, 3, 4]);
    expect(data.times[0]).toBe(newest / 1000);
  });

  it('halves an event exactly one half-life older than the newest event', async () => {
    const data = await loadInteractions(ctx, { ...DEFAULT_TRAINING, decayHalfLifeDays: 10 });
    const e = entries(data);
    expect(e['a:p2']).toBeCloseTo(3, 5);
    expect(e['b:p2']).toBeCloseTo(0.5, 5);
    expect(e['b:p3']).toBeCloseTo(2.5 * Math.pow(0.5, 0.2), 5);
  });

  it('uses the given event weights', async () => {
    const data = await loadInteractions(ctx, {
      ...DEFAULT_TRAINING,
      eventWeights: { ...DEFAULT_TRAINING.eventWeights, RETURN: 0 },
      decayHalfLifeDays: null,
    });
    expect(entries(data)['a:p1']).toBe(8);
  });
});
