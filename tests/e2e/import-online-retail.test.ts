import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { importOnlineRetail, scanOnlineRetail } from '../../src/data/import/online-retail.importer';
import { shouldBulkLoad, suspendForBulkLoad } from '../../src/data/bulk/bulk-load';
import { withImportTransaction } from '../../src/data/import/import-transaction';
import { ImportFormatError } from '../../src/data/import/import.types';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'online-retail-sample.csv');
const work = mkdtempSync(path.join(tmpdir(), 'aisle-import-'));

/** Every row of every table the import writes, in a stable order: equal snapshots mean nothing changed. */
async function snapshot(db: TestDatabase): Promise<string> {
  const tables: Record<string, string> = {
    users: 'SELECT * FROM users ORDER BY external_id',
    products: 'SELECT * FROM products ORDER BY external_id',
    orders: 'SELECT * FROM orders ORDER BY external_id',
    order_lines: 'SELECT * FROM order_lines ORDER BY order_id, line_no',
    events: 'SELECT * FROM events ORDER BY event_id',
  };
  const out: Record<string, unknown> = {};
  for (const [name, sql] of Object.entries(tables)) out[name] = await db.dataSource.query(sql);
  return JSON.stringify(out);
}

/** Names and definitions of the fact tables' constraints and indexes. */
async function schemaOf(db: TestDatabase): Promise<unknown> {
  return db.dataSource.query(`
    SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
    WHERE conrelid IN ('order_lines'::regclass, 'events'::regclass)
    UNION ALL
    SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('order_lines', 'events')
    ORDER BY 1, 2`);
}

const count = async (db: TestDatabase, sql: string) => Number((await db.dataSource.query(sql))[0].n);

describe('import online-retail (synthetic fixture with every quirk)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('imports every row it can and counts the others by reason', async () => {
    const skips: Array<[number, string]> = [];
    const onSkip = (line: number, reason: string) => skips.push([line, reason]);
    const summary = await importOnlineRetail(db.dataSource, FIXTURE, { onSkip });
    expect(summary).toMatchObject({
      source: 'online-retail',
      rowsRead: 31,
      rowsImported: 20,
      skipped: {
        bad_quantity: 2,
        bad_price: 1,
        bad_date: 2,
        missing_invoice: 1,
        missing_stock_code: 1,
        bad_customer_id: 1,
        malformed_line: 3,
      },
      created: { users: 5, categories: 0, products: 9, orders: 11, orderLines: 20, events: 14 },
      updated: { users: 0, products: 0, orders: 0, orderLines: 0, events: 0 },
      dryRun: false,
    });
    expect(skips.slice(0, 2)).toEqual([
      [19, 'bad_quantity'],
      [20, 'bad_quantity'],
    ]);
    expect(skips.filter(([, r]) => r === 'malformed_line').map(([l]) => l)).toEqual([27, 28, 29]);
  });

  it('writes customers with their latest country, and guests as orders without a user', async () => {
    const users = await db.dataSource.query(`SELECT external_id, country, attributes FROM users ORDER BY external_id`);
    expect(users).toEqual([
      { external_id: '20001', country: 'United Kingdom', attributes: { source: 'online-retail' } },
      { external_id: '20002', country: 'Germany', attributes: { source: 'online-retail' } },
      { external_id: '20003', country: 'EIRE', attributes: { source: 'online-retail' } },
      { external_id: '20004', country: 'United Kingdom', attributes: { source: 'online-retail' } },
      { external_id: '20005', country: 'United Kingdom', attributes: { source: 'online-retail' } },
    ]);
    expect(await count(db, `SELECT count(*) n FROM orders WHERE user_id IS NULL`)).toBe(3);
  });

  it('names and prices products, keeping service codes as inactive products', async () => {
    const products = await db.dataSource.query(
      `SELECT external_id, name, price::text, active, attributes->>'service' AS service FROM products ORDER BY 1`,
    );
    expect(products.map(Object.values)).toEqual([
      ['10001A', 'RED MUG', '2.9500', true, null],
      ['10002', 'BLUE BOWL, LARGE', '4.2500', true, null],
      ['10003', 'FRAME 7" SINGLE', '3.0000', true, null],
      ['10004', '10004', '1.0000', true, null],
      ['10005', 'WHITE CANDLE', '0.8500', true, null],
      ['10006', 'GREEN VASE', '7.9500', true, null],
      ['B', 'Adjust bad debt', '0.0000', false, 'true'],
      ['D', 'Discount', '5.0000', false, 'true'],
      ['POST', 'POSTAGE', '18.0000', false, 'true'],
    ]);
    expect(await count(db, `SELECT count(*) n FROM products WHERE attributes->>'source' = 'online-retail'`)).toBe(9);
  });

  it('writes orders with exact totals, cancellations and UTC times across BST', async () => {
    const orders = await db.dataSource.query(`
      SELECT o.external_id, u.external_id AS customer,
             to_char(o.placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS placed_utc,
             o.total::text, o.cancelled, o.country
      FROM orders o LEFT JOIN users u ON u.id = o.user_id ORDER BY o.external_id`);
    expect(orders.map(Object.values)).toEqual([
      ['900001', '20001', '2011-01-10 10:00', '41.8000', false, 'United Kingdom'],
      ['900002', '20002', '2011-07-04 13:30', '13.3000', false, 'France'], // BST
      ['900004', null, '2011-03-27 01:30', '14.7000', false, null], // skipped hour, "Unspecified"
      ['900006', '20003', '2011-10-30 00:30', '2.9500', false, 'EIRE'], // repeated hour: BST
      ['900007', '20002', '2011-11-01 12:00', '12.0000', false, 'Germany'],
      ['900008', null, '2011-11-02 10:00', '0.0000', false, 'United Kingdom'],
      ['900009', '20004', '2011-11-03 10:00', '4.2500', false, 'United Kingdom'],
      ['900012', '20001', '2011-12-09 12:49', '9.6500', false, 'United Kingdom'], // earliest line
      ['900013', '20005', '2010-12-01 08:26', '7.5000', false, 'United Kingdom'], // M/D/YYYY H:MM
      ['A900005', null, '2011-08-12 13:50', '-1234.5600', false, 'United Kingdom'],
      ['C900003', '20001', '2011-07-05 08:00', '-10.1000', true, 'United Kingdom'],
    ]);
    const sums = await db.dataSource.query(`
      SELECT o.external_id FROM orders o JOIN order_lines l ON l.order_id = o.id
      GROUP BY o.id HAVING sum(l.quantity * l.unit_price) <> o.total OR bool_or(l.placed_at <> o.placed_at)`);
    expect(sums).toEqual([]);
  });

  it('numbers lines in file order within each invoice, duplicates and returns included', async () => {
    const lines = await db.dataSource.query(`
      SELECT o.external_id AS invoice, l.line_no, p.external_id AS code, l.quantity, l.unit_price::text AS price
      FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id
      WHERE o.external_id IN ('900007', 'C900003', '900008') ORDER BY 1, 2`);
    expect(lines.map(Object.values)).toEqual([
      ['900007', 1, '10003', 2, '3.0000'],
      ['900007', 2, '10003', 2, '3.0000'],
      ['900008', 1, '10002', -3, '0.0000'],
      ['C900003', 1, '10001A', -2, '2.5500'],
      ['C900003', 2, 'D', -1, '5.0000'],
    ]);
  });

  it('writes PURCHASE and RETURN events with deterministic ids, none for guests or service codes', async () => {
    const byType = await db.dataSource.query(`SELECT type, count(*)::int AS n FROM events GROUP BY type ORDER BY type`);
    expect(byType).toEqual([
      { type: 'PURCHASE', n: 13 },
      { type: 'RETURN', n: 1 },
    ]);
    const ret = await db.dataSource.query(`
      SELECT e.event_id, u.external_id AS customer, p.external_id AS code, e.quantity, e.price::text, e.occurred_at
      FROM events e JOIN users u ON u.id = e.user_id JOIN products p ON p.id = e.product_id WHERE e.type = 'RETURN'`);
    expect(ret).toEqual([
      {
        event_id: 'or:C900003:1',
        customer: '20001',
        code: '10001A',
        quantity: 2,
        price: '2.5500',
        occurred_at: new Date('2011-07-05T08:00:00Z'),
      },
    ]);
    const rows: Array<{ event_id: string }> = await db.dataSource.query(`SELECT event_id FROM events ORDER BY 1`);
    const ids = rows.map((r) => r.event_id);
    expect(ids).toContain('or:900012:2');
    expect(ids).not.toContain('or:900001:3'); // POST
    expect(ids.some((id) => id.startsWith('or:900004:'))).toBe(false); // guest
  });

  it('changes nothing when run again, and reads the gzipped file the same way', async () => {
    const before = await snapshot(db);
    const again = await importOnlineRetail(db.dataSource, FIXTURE);
    expect(again.created).toEqual({ users: 0, categories: 0, products: 0, orders: 0, orderLines: 0, events: 0 });
    expect(again.updated).toEqual(again.created);
    expect(again.removed).toEqual(again.created);
    const gz = path.join(work, 'online-retail-sample.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(FIXTURE)));
    const gzipped = await importOnlineRetail(db.dataSource, gz);
    expect(gzipped).toMatchObject({ rowsRead: 31, rowsImported: 20, created: again.created, updated: again.created });
    expect(await snapshot(db)).toBe(before);
  });

  it('brings a corrected file in: changed lines updated, vanished lines removed', async () => {
    const corrected = readFileSync(FIXTURE, 'utf8')
      .replace('900001,10001A,RED MUG,6,', '900001,10001A,RED MUG,7,')
      .replace(/(900007,10003,"FRAME 7"" SINGLE",2,2011-11-01 12:00:00,3.00,20002.0,Germany\n)\1/, '$1');
    const file = path.join(work, 'corrected.csv');
    writeFileSync(file, corrected);
    const summary = await importOnlineRetail(db.dataSource, file);
    expect(summary.rowsRead).toBe(30);
    expect(summary.created).toMatchObject({ orders: 0, orderLines: 0, events: 0 });
    expect(summary.updated).toMatchObject({ users: 0, products: 0, orders: 2, orderLines: 1 });
    expect(summary.removed).toMatchObject({ orderLines: 1 });
    const totals = await db.dataSource.query(
      `SELECT external_id, total::text FROM orders WHERE external_id IN ('900001', '900007') ORDER BY 1`,
    );
    expect(totals).toEqual([
      { external_id: '900001', total: '44.3500' },
      { external_id: '900007', total: '6.0000' },
    ]);
    // Put the original back for the tests below.
    await importOnlineRetail(db.dataSource, FIXTURE);
  });

  it('leaves the database unchanged when a step fails after staging', async () => {
    const before = await snapshot(db);
    const file = path.join(work, 'more.csv');
    writeFileSync(file, readFileSync(FIXTURE, 'utf8').replace(/900001/g, '910001'));
    await expect(
      importOnlineRetail(db.dataSource, file, {
        hooks: {
          afterStaging: () => {
            throw new Error('injected failure');
          },
        },
      }),
    ).rejects.toThrow('injected failure');
    expect(await snapshot(db)).toBe(before);
  });

  it('bulk-loads with keys and indexes suspended, restores them, and rolls them back on failure', async () => {
    const schema = await schemaOf(db);
    const before = await snapshot(db);
    const file = path.join(work, 'bulk.csv');
    writeFileSync(file, readFileSync(FIXTURE, 'utf8').replace(/900001/g, '920001'));
    let suspended: unknown;
    await expect(
      importOnlineRetail(db.dataSource, file, {
        bulkLoad: 'always',
        hooks: {
          beforeCommit: async (client) => {
            suspended = (await client.query(`SELECT count(*)::int AS n FROM order_lines`)).rows[0].n;
            throw new Error('fail at the end');
          },
        },
      }),
    ).rejects.toThrow('fail at the end');
    expect(suspended).toBe(23);
    expect(await schemaOf(db)).toEqual(schema);
    expect(await snapshot(db)).toBe(before);

    const bulk = await importOnlineRetail(db.dataSource, file, { bulkLoad: 'always' });
    expect(bulk.created).toMatchObject({ orders: 1, orderLines: 3, events: 2 });
    expect(await schemaOf(db)).toEqual(schema);
  });

  it('refuses a file that is not Online Retail, writing nothing', async () => {
    const before = await snapshot(db);
    const file = path.join(work, 'foreign.csv');
    writeFileSync(file, 'user,item,rating\n1,2,3\n');
    await expect(importOnlineRetail(db.dataSource, file)).rejects.toThrow(ImportFormatError);
    await expect(importOnlineRetail(db.dataSource, path.join(work, 'missing.csv'))).rejects.toThrow(/ENOENT/);
    expect(await snapshot(db)).toBe(before);
  });

  it('checks a file without a database in a dry run', async () => {
    const summary = await scanOnlineRetail(FIXTURE);
    expect(summary).toMatchObject({ rowsRead: 31, rowsImported: 20, dryRun: true });
    expect(summary.created.orders).toBe(0);
  });
});

describe('bulk-load decisions', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('bulk-loads under auto only an import larger than what the tables hold', async () => {
    await withImportTransaction(db.dataSource, async (client) => {
      expect(await shouldBulkLoad(client, 'auto', ['order_lines', 'events'], 60_000)).toBe(true);
      expect(await shouldBulkLoad(client, 'auto', ['order_lines', 'events'], 10)).toBe(false);
      expect(await shouldBulkLoad(client, 'never', ['order_lines'], 1e6)).toBe(false);
      expect(await shouldBulkLoad(client, 'always', ['order_lines'], 1)).toBe(true);
    });
  });

  it('falls back to row-by-row writes when another session holds the tables', async () => {
    const holder = db.dataSource.createQueryRunner();
    await holder.startTransaction();
    await holder.query('LOCK TABLE products IN ACCESS SHARE MODE');
    try {
      const restored = await withImportTransaction(db.dataSource, async (client) => {
        const restore = await suspendForBulkLoad(client, ['events'], { lockTimeoutMs: 200 });
        expect(restore).toBeNull();
        const keys = await client.query(
          `SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'events'::regclass AND contype = 'f'`,
        );
        return keys.rows[0].n;
      });
      expect(restored).toBe(2);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
  });
});
