import type { DataSource } from 'typeorm';
import { registerDemo } from '../../src/cli/commands/demo.command';
import { DemoShopConflictError, generateDemoShop, getDemoTruth, loadDemoShop } from '../../src/domain/demo';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { runCli } from '../support/cli-in-process';

const SMALL = { users: 300, products: 60, days: 120, seed: 5, endDate: '2025-05-01' } as const;

async function tableCounts(ds: DataSource): Promise<Record<string, number>> {
  const [row] = await ds.query(`
    SELECT (SELECT count(*) FROM categories)::int AS categories, (SELECT count(*) FROM users)::int AS users,
           (SELECT count(*) FROM products)::int AS products, (SELECT count(*) FROM orders)::int AS orders,
           (SELECT count(*) FROM order_lines)::int AS "orderLines", (SELECT count(*) FROM events)::int AS events`);
  return row;
}

/** Constraints and indexes of the demo tables: the bulk load drops some and must put every one back. */
async function schemaShape(ds: DataSource): Promise<string[]> {
  const rows: Array<{ d: string }> = await ds.query(`
    SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS d FROM pg_constraint
     WHERE conrelid::regclass::text IN ('categories','users','products','orders','order_lines','events')
    UNION ALL SELECT indexdef FROM pg_indexes
     WHERE schemaname = 'public' AND tablename IN ('categories','users','products','orders','order_lines','events')
    ORDER BY 1`);
  return rows.map((r) => r.d);
}

describe('loading the demo shop', () => {
  let db: TestDatabase;
  let shapeBefore: string[];
  beforeAll(async () => {
    db = await createTestDatabase();
    shapeBefore = await schemaShape(db.dataSource);
  });
  afterAll(() => db.drop());

  it('writes exactly the generated shop and its truth, once, even when two loaders race', async () => {
    const [a, b] = await Promise.all([loadDemoShop(db.dataSource, SMALL), loadDemoShop(db.dataSource, SMALL)]);
    expect([a.loaded, b.loaded].sort()).toEqual([false, true]);
    const expected = generateDemoShop(SMALL);
    const counts = await tableCounts(db.dataSource);
    expect(counts).toEqual({
      categories: a.categories,
      users: a.users,
      products: a.products,
      orders: a.orders,
      orderLines: a.orderLines,
      events: a.events,
    });
    expect(counts.events).toBe(expected.events.length);
    expect(b).toEqual({ ...a, loaded: b.loaded, generateSeconds: b.generateSeconds, loadSeconds: b.loadSeconds, seconds: b.seconds });
    expect(await getDemoTruth(db.dataSource)).toEqual(expected.truth);
  });

  it('puts back every constraint and index, and leaves the id sequences ahead of the loaded rows', async () => {
    expect(await schemaShape(db.dataSource)).toEqual(shapeBefore);
    const [user] = await db.dataSource.query(`INSERT INTO users (external_id) VALUES ('after-demo') RETURNING id::int AS id`);
    const [{ max }] = await db.dataSource.query(`SELECT max(id)::int AS max FROM users WHERE external_id <> 'after-demo'`);
    expect(user.id).toBeGreaterThan(max);
    await expect(
      db.dataSource.query(`INSERT INTO events (user_id, product_id, type, occurred_at) VALUES (-1, -1, 'VIEW', now())`),
    ).rejects.toThrow(/foreign key/);
  });

  it('stores rows that agree with the generator: order lines net of cancellations, totals, event ids', async () => {
    const expected = generateDemoShop(SMALL);
    const [lines] = await db.dataSource.query(
      `SELECT sum(quantity)::int AS units, round(sum(quantity * unit_price), 2)::float AS amount FROM order_lines`,
    );
    expect(lines.units).toBe(expected.lines.reduce((s, l) => s + l.quantity, 0));
    const [cancelled] = await db.dataSource.query(
      `SELECT count(*)::int AS n, coalesce(sum(l.quantity), 0)::int AS net
         FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.cancelled`,
    );
    expect(cancelled.net).toBe(0);
    expect(cancelled.n).toBeGreaterThan(0);
    const [ids] = await db.dataSource.query(`SELECT min(event_id) AS first, count(DISTINCT event_id)::int AS n FROM events`);
    expect(ids.n).toBe(expected.events.length);
    expect(ids.first).toMatch(/^demo:/);
  });

  it('returns the stored summary instead of loading again, whatever the options', async () => {
    const before = await tableCounts(db.dataSource);
    const again = await loadDemoShop(db.dataSource, { ...SMALL, users: 50, seed: 9 });
    expect(again.loaded).toBe(false);
    expect(again.seed).toBe(SMALL.seed);
    expect(await tableCounts(db.dataSource)).toEqual(before);
  });

  it('`aisle demo --json` reports an existing shop, then trains the missing starter models, one line each', async () => {
    const written = await runCli(registerDemo, ['--json', 'demo', '--users', '300', '--seed', '5'], { DATABASE_URL: db.url });
    const lines = written.map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ loaded: false, seed: 5, users: 300 });
    const trained = lines.slice(1);
    expect(trained.map((l) => l.kind).sort()).toEqual(['ALS', 'EASE', 'ITEM_KNN', 'POPULARITY']);
    for (const line of trained) expect(line).toMatchObject({ status: 'SUCCEEDED', activated: true, error: null });
  });
});

describe('loading the demo shop into a database that holds other data', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('refuses with a message naming the tables, and writes nothing', async () => {
    await db.dataSource.query(`INSERT INTO users (external_id) VALUES ('real-customer')`);
    await expect(loadDemoShop(db.dataSource, SMALL)).rejects.toThrow(DemoShopConflictError);
    await expect(loadDemoShop(db.dataSource, SMALL)).rejects.toThrow(
      'refusing to load the demo shop: the database already holds data (users not empty); load it into an empty database',
    );
    expect(await tableCounts(db.dataSource)).toMatchObject({ users: 1, products: 0, events: 0 });
    expect(await getDemoTruth(db.dataSource)).toBeNull();
  });
});

describe('loading the default demo shop', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('loads in a few seconds', async () => {
    const summary = await loadDemoShop(db.dataSource, { endDate: '2025-11-30' });
    console.log(`default demo shop: ${JSON.stringify(summary)}`);
    expect(summary).toMatchObject({ loaded: true, users: 2000, products: 400 });
    expect((await tableCounts(db.dataSource)).events).toBe(summary.events);
    expect(summary.seconds).toBeLessThan(30);
  });
});
