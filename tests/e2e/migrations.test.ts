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
