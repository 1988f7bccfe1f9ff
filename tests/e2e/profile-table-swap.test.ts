import pino from 'pino';
import type { RequestContext } from '../../src/domain/common/request-context';
import { withTransaction } from '../../src/domain/common/transaction';
import type { ShopPropensity } from '../../src/domain/marketing/propensity/shop-propensity';
import { readPreviousProfiles, writeProfiles } from '../../src/domain/segments/refresh/profile-writer';
import { RFM_SEGMENTS, type RfmColumns } from '../../src/domain/segments/rfm/rfm.types';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The refresh rebuilds customer_profiles as a new table and swaps it in: the swapped-in table must be the table the
 * migrations made (indexes, keys, the users foreign key that cascades), every time, and keep no forgotten user.
 */
const AS_OF = new Date('2025-06-01T00:00:00Z');

interface Shape {
  indexes: string[];
  constraints: string[];
}

describe('customer_profiles rebuilt and swapped in', () => {
  let db: TestDatabase;
  let ctx: RequestContext;

  const q = <T = any>(text: string, params: unknown[] = []): Promise<T[]> => db.dataSource.query(text, params);

  /**
   * Index and constraint definitions, names included. The writer re-adds the foreign key NOT VALID (its rows come
   * from the users just read; validating would re-check a million rows), so the definitions compare without it.
   */
  async function shape(): Promise<Shape> {
    const indexes = await q<{ d: string }>(`SELECT indexname || ': ' || indexdef AS d FROM pg_indexes WHERE tablename = 'customer_profiles' ORDER BY 1`);
    const constraints = await q<{ d: string }>(
      `SELECT conname || ': ' || replace(pg_get_constraintdef(oid), ' NOT VALID', '') AS d FROM pg_constraint
       WHERE conrelid = 'customer_profiles'::regclass ORDER BY 1`,
    );
    return { indexes: indexes.map((r) => r.d), constraints: constraints.map((r) => r.d) };
  }

  const userIds = async (): Promise<string[]> => (await q<{ id: string }>(`SELECT id::text AS id FROM users ORDER BY id`)).map((r) => r.id);

  /** One refresh's write, of `ids` (ascending): every other user scored, the first two with propensity contributions. */
  async function refresh(ids: string[]): Promise<number> {
    const users = Int32Array.from(ids.keys()).filter((u) => u % 2 === 0);
    const k = users.length;
    const scores: RfmColumns = {
      recencyDays: Int32Array.from(users, (_, i) => 10 + i), frequency: Float64Array.from(users, (_, i) => 1 + i),
      monetary: Float64Array.from(users, (_, i) => 100.5 * (i + 1)), r: new Uint8Array(k).fill(5), f: new Uint8Array(k).fill(4),
      m: new Uint8Array(k).fill(3), fm: new Uint8Array(k).fill(4), segment: new Uint8Array(k).fill(RFM_SEGMENTS.indexOf('Champions')),
    };
    const features = 3;
    const propensity: ShopPropensity = {
      rows: Int32Array.from([0, 1]), propensity: Float32Array.from([0.25, 0.75]), contributions: Float32Array.from([1, 2, 3, 4, 5, 6]),
      features, trainedOn: 2, bestEpoch: 1,
    };
    const previous = await readPreviousProfiles(ctx, ids);
    return withTransaction(ctx, async (tx) => (await writeProfiles(tx, AS_OF, {
      userIds: ids, rfm: { users, scores }, clv: { values: [], fit: null, message: null }, propensity, clusters: null,
    }, previous)).written);
  }

  const profileIds = async (): Promise<string[]> =>
    (await q<{ id: string }>(`SELECT user_id::text AS id FROM customer_profiles ORDER BY user_id`)).map((r) => r.id);

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = { requestId: 't', logger: pino({ level: 'silent' }), dataSource: db.dataSource, limits: { maxBatch: 10 } };
    await q(`INSERT INTO users (external_id, country) SELECT 'u' || i, 'DE' FROM generate_series(1, 8) i`);
  });
  afterAll(() => db.drop());

  it('keeps the indexes, keys and the cascading users foreign key across refreshes, and leaves no _next table', async () => {
    // an index a later migration might add (a partial one, to show the definition is rebuilt whole)
    await q(`CREATE INDEX idx_customer_profiles_test_clv ON customer_profiles (clv DESC) WHERE clv IS NOT NULL`);
    const before = await shape();
    expect(before.indexes.length).toBe(2); // the primary key's and that one
    expect(before.constraints.some((c) => c.includes('REFERENCES users(id) ON DELETE CASCADE'))).toBe(true);

    const ids = await userIds();
    expect(await refresh(ids)).toBe(8);
    expect(await shape()).toEqual(before);
    expect(await profileIds()).toEqual(ids);
    const [first] = await q(`SELECT rfm_score, rfm_segment, monetary, propensity, propensity_contributions, as_of FROM customer_profiles WHERE user_id = $1`, [ids[0]]);
    expect(first).toEqual({ rfm_score: '543', rfm_segment: 'Champions', monetary: 100.5, propensity: 0.25, propensity_contributions: [1, 2, 3], as_of: AS_OF });
    expect(await q(`SELECT to_regclass('customer_profiles_next') AS t`)).toEqual([{ t: null }]);

    // the foreign key still cascades
    await q(`DELETE FROM users WHERE id = $1`, [ids[7]]);
    expect(await profileIds()).toEqual(ids.slice(0, 7));

    // a second refresh rebuilds it again, the same
    expect(await refresh(await userIds())).toBe(7);
    expect(await shape()).toEqual(before);
    expect(await profileIds()).toEqual(ids.slice(0, 7));
    expect(await q(`SELECT to_regclass('customer_profiles_next') AS t`)).toEqual([{ t: null }]);
    await q(`DELETE FROM users WHERE id = $1`, [ids[6]]);
    expect(await profileIds()).toEqual(ids.slice(0, 6));

    // a profile for a user id that does not exist is refused, as before the swap
    await expect(q(`INSERT INTO customer_profiles (user_id, as_of) VALUES ($1, now())`, [ids[7]])).rejects.toThrow(/foreign key/);
  });

  it('keeps no profile of a user deleted between the ledger read and the write', async () => {
    const ids = await userIds();
    // deleted after the ledger read: one in the middle, and the one with the largest id
    await q(`DELETE FROM users WHERE id = ANY($1::bigint[])`, [[ids[2], ids[ids.length - 1]]]);
    expect(await refresh(ids)).toBe(ids.length);
    const remaining = ids.filter((id) => id !== ids[2] && id !== ids[ids.length - 1]);
    expect(await profileIds()).toEqual(remaining);
    expect(await q(`SELECT count(*)::int AS n FROM customer_profiles p WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p.user_id)`)).toEqual([{ n: 0 }]);
  });

  it('keeps no profile of a forgotten user when new users arrived meanwhile', async () => {
    const ids = await userIds();
    await q(`DELETE FROM users WHERE id = $1`, [ids[0]]);
    await q(`INSERT INTO users (external_id) VALUES ('late')`);
    expect(await refresh(ids)).toBe(ids.length);
    expect(await profileIds()).toEqual(ids.slice(1));
  });
});
