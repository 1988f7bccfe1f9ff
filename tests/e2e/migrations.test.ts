import { MIGRATIONS } from '../../migrations';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('create every table and the indexes the access paths need', async () => {
    const tables = await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(
      expect.arrayContaining(['aisle_meta', 'categories', 'events', 'order_lines', 'orders', 'products', 'users']),
    );
    const indexes = await db.dataSource.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`);
    const names = indexes.map((i: { indexname: string }) => i.indexname);
    expect(names).toEqual(
      expect.arrayContaining(['idx_events_user_time', 'idx_events_product_time', 'idx_order_lines_product_time']),
    );
  });

  it('reject an event type outside the contract', async () => {
    const [user] = await db.dataSource.query(`INSERT INTO users (external_id) VALUES ('u1') RETURNING id`);
    const [product] = await db.dataSource.query(
      `INSERT INTO products (external_id, name, price) VALUES ('p1', 'P', 1) RETURNING id`,
    );
    await expect(
      db.dataSource.query(
        `INSERT INTO events (user_id, product_id, type, occurred_at) VALUES ($1, $2, 'TELEPORT', now())`,
        [user.id, product.id],
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it('move stored RFM and CLUSTER memberships into profile columns, and back on undo', async () => {
    const q = (text: string, params: unknown[] = []) => db.dataSource.query(text, params);
    await db.dataSource.undoLastMigration(); // back to stored memberships for every kind
    const [user] = await q(`INSERT INTO users (external_id) VALUES ('member') RETURNING id::text AS id`);
    const [rfm, cluster, custom] = await q(`INSERT INTO segments (kind, name, rule, rule_ast) VALUES
      ('RFM', 'Champions', NULL, NULL), ('CLUSTER', 'Big spenders', NULL, NULL), ('CUSTOM', 'Rich', 'clv > 1', '{}')
      RETURNING id::text AS id`);
    await q(`INSERT INTO customer_profiles (user_id, as_of, rfm_segment, propensity_drivers)
      VALUES ($1, now(), 'Champions', '[{"feature": "recency", "contribution": 0.5}]')`, [user.id]);
    await q(`INSERT INTO segment_memberships (segment_id, user_id, since) VALUES
      ($1, $4, '2026-01-01Z'), ($2, $4, '2026-02-01Z'), ($3, $4, '2026-03-01Z')`, [rfm.id, cluster.id, custom.id, user.id]);
    const memberships = () => q(`SELECT segment_id::text AS segment, since FROM segment_memberships ORDER BY segment_id`);
    const stored = await memberships();

    await db.dataSource.runMigrations();
    const [profile] = await q(`SELECT cluster_segment_id::text AS cluster, rfm_since, cluster_since, propensity_contributions,
      pg_typeof(propensity_contributions)::text AS type FROM customer_profiles WHERE user_id = $1`, [user.id]);
    expect(profile).toMatchObject({ cluster: cluster.id, rfm_since: new Date('2026-01-01Z'), cluster_since: new Date('2026-02-01Z'), type: 'real[]' });
    expect(profile.propensity_contributions).toBeNull(); // derived data: the next refresh computes it
    expect(await memberships()).toEqual([{ segment: custom.id, since: new Date('2026-03-01Z') }]);

    await db.dataSource.undoLastMigration();
    expect(await memberships()).toEqual(stored);
    const [drivers] = await q(`SELECT pg_typeof(propensity_drivers)::text AS type FROM customer_profiles`);
    expect(drivers.type).toBe('jsonb');
    await db.dataSource.runMigrations();
  });

  it('roll back cleanly and apply again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await db.dataSource.undoLastMigration();
    const after = await db.dataSource.query(
      `SELECT to_regclass('public.events') AS t, to_regclass('public.model_versions') AS m`,
    );
    expect(after[0]).toEqual({ t: null, m: null });
    await db.dataSource.runMigrations();
    const again = await db.dataSource.query(`SELECT to_regclass('public.events') AS t`);
    expect(again[0].t).toBe('events');
  });
});
