import pino from 'pino';
import type { RequestContext } from '../../src/domain/common/request-context';
import { behaviourTableOf } from '../../src/domain/segments/clustering/behaviour-features';
import { loadCustomerLedger } from '../../src/domain/segments/ledger/ledger.loader';
import { clvSummariesOf, historiesOf, rfmInputsOf } from '../../src/domain/segments/ledger/ledger-measures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The ledger the segment refresh computes every measure from, on a planted shop where every value is known by hand:
 * multi-line, lineless, cancelled, return, same-day, guest and late orders, products in two departments (one through
 * a child category) and uncategorised, and browsing that adds interest.
 */
const AS_OF = new Date('2025-06-01T00:00:00Z');
const DAY_MS = 86_400_000;
const ms = (iso: string) => Date.parse(iso);

describe('customer ledger', () => {
  let db: TestDatabase;
  let ctx: RequestContext;
  const id: Record<string, string> = {};

  const q = <T = any>(text: string, params: unknown[] = []): Promise<T[]> => db.dataSource.query(text, params);

  /** An order with lines [product, quantity, unit price]; the stored total is `total` or what the lines sum to. */
  async function order(ext: string, user: string | null, placedAt: string, lines: Array<[string, number, number]>, options: { cancelled?: boolean; total?: number } = {}) {
    const total = options.total ?? lines.reduce((s, [, qty, price]) => s + qty * price, 0);
    const [{ id: orderId }] = await q(
      `INSERT INTO orders (external_id, user_id, placed_at, total, cancelled) VALUES ($1, (SELECT id FROM users WHERE external_id = $2), $3, $4, $5) RETURNING id`,
      [ext, user, placedAt, total, options.cancelled ?? false],
    );
    for (const [i, [product, quantity, price]] of lines.entries()) {
      await q(
        `INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, placed_at)
         VALUES ($1, $2, (SELECT id FROM products WHERE external_id = $3), $4, $5, $6)`,
        [orderId, i + 1, product, quantity, price, placedAt],
      );
    }
  }

  async function event(user: string, product: string, type: string, at: string) {
    await q(
      `INSERT INTO events (user_id, product_id, type, occurred_at) VALUES ((SELECT id FROM users WHERE external_id = $1), (SELECT id FROM products WHERE external_id = $2), $3, $4)`,
      [user, product, type, at],
    );
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = { requestId: 't', logger: pino({ level: 'silent' }), dataSource: db.dataSource, limits: { maxBatch: 10 } };
    await q(`INSERT INTO categories (external_id, name) VALUES ('food', 'Food'), ('garden', 'Garden')`);
    await q(`INSERT INTO categories (external_id, name, parent_id) VALUES ('fruit', 'Fruit', (SELECT id FROM categories WHERE external_id = 'food'))`);
    await q(`
      INSERT INTO products (external_id, name, price, category_id) VALUES
        ('bread', 'Bread', 1, (SELECT id FROM categories WHERE external_id = 'food')),
        ('apple', 'Apple', 1, (SELECT id FROM categories WHERE external_id = 'fruit')),
        ('rake', 'Rake', 1, (SELECT id FROM categories WHERE external_id = 'garden')),
        ('misc', 'Misc', 1, NULL)`);
    await q(`INSERT INTO users (external_id, country) VALUES ('u1', 'DE'), ('u2', 'FR'), ('u3', 'DE'), ('u4', NULL), ('u5', 'DE')`);
    for (const row of await q(`SELECT external_id, id::text AS id FROM users`)) id[row.external_id] = row.id;

    // inserted out of time order: the ledger orders each user's rows by time
    await order('r1', 'u1', '2025-05-20T12:00:00Z', [['rake', -2, 1.5]]); // a return
    await order('o1', 'u1', '2025-01-10T10:00:00Z', [['bread', 2, 10.5], ['apple', 1, 4.25], ['rake', 3, 1.5]]);
    await order('o3', 'u1', '2025-03-10T18:00:00Z', [['misc', 1, 20]]); // same UTC day as o2
    await order('o2', 'u1', '2025-03-10T09:00:00Z', [], { total: 50 }); // lineless: its stored total counts
    await order('c1', 'u1', '2025-04-01T10:00:00Z', [['bread', 4, 10]], { cancelled: true });
    await order('o4', 'u1', '2025-06-02T10:00:00Z', [['bread', 9, 10]]); // after asOf
    await order('o5', 'u2', '2025-05-31T23:59:59Z', [['rake', 1, 100]]);
    await order('r2', 'u3', '2025-02-01T10:00:00Z', [['bread', -1, 10.5]]); // only a return
    await order('o6', 'u5', '2025-06-01T00:00:00Z', [['bread', 1, 1]]); // exactly at asOf: not before it
    await order('g1', null, '2025-03-01T10:00:00Z', [['bread', 5, 10]]); // a guest

    await event('u1', 'rake', 'VIEW', '2025-05-01T10:00:00Z');
    await event('u1', 'bread', 'DISLIKE', '2025-05-01T10:00:00Z'); // not interest
    await event('u4', 'rake', 'VIEW', '2025-05-01T10:00:00Z');
    await event('u4', 'rake', 'WISHLIST', '2025-05-02T10:00:00Z');
    await event('u4', 'apple', 'CLICK', '2025-05-03T10:00:00Z');
    await event('u4', 'apple', 'RETURN', '2025-05-03T10:00:00Z'); // not interest
    await event('u4', 'bread', 'VIEW', '2025-06-03T10:00:00Z'); // after asOf
  });
  afterAll(() => db.drop());

  it('reads every user, their orders as columns in time order, and interest per department', async () => {
    const ledger = await loadCustomerLedger(ctx, AS_OF);
    expect(ledger.asOfMs).toBe(AS_OF.getTime());
    expect(ledger.userIds).toEqual(['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => id[u]));
    expect(ledger.countries).toEqual(['DE', 'FR', 'DE', null, 'DE']);
    expect(Array.from(ledger.start)).toEqual([0, 5, 6, 7, 7, 7]);
    expect(Array.from(ledger.atMs)).toEqual([
      '2025-01-10T10:00:00Z', '2025-03-10T09:00:00Z', '2025-03-10T18:00:00Z', '2025-04-01T10:00:00Z', '2025-05-20T12:00:00Z',
      '2025-05-31T23:59:59Z', '2025-02-01T10:00:00Z',
    ].map(ms));
    expect(Array.from(ledger.net)).toEqual([29.75, 50, 20, 40, -3, 100, -10.5]);
    expect(Array.from(ledger.cancelled)).toEqual([0, 0, 0, 1, 0, 0, 0]);
    expect(Array.from(ledger.lineSpend)).toEqual([29.75, 0, 20, 40, -3, 100, -10.5]);
    expect(Array.from(ledger.unitsBought)).toEqual([6, 0, 1, 0, 0, 1, 0]);
    expect(Array.from(ledger.unitsReturned)).toEqual([0, 0, 0, 0, 2, 0, 1]);

    const [food, garden] = (await q(`SELECT id::text AS id FROM categories WHERE parent_id IS NULL ORDER BY id`)).map((r) => r.id);
    expect(ledger.departments).toEqual([{ id: '', name: 'uncategorised' }, { id: food, name: 'Food' }, { id: garden, name: 'Garden' }]);
    // per user: [uncategorised, Food (bread, and apple through Fruit), Garden]
    expect(Array.from(ledger.interest)).toEqual([
      1, 3, 4, // u1: misc 1; bread 2 + apple 1 of o1 (not the cancelled c1); rake 3 of o1 + one view (not the return)
      0, 0, 1, // u2: rake 1
      0, 0, 0, // u3: only a return
      0, 1, 2, // u4: no orders; a click on an apple, a view and a wishlist of the rake
      0, 0, 0, // u5: only an order at asOf
    ]);

    const histories = historiesOf(ledger);
    expect(histories.customerIds).toBe(ledger.userIds);
    expect(histories.start).toBe(ledger.start);
  });

  it('derives RFM inputs: purchases are non-cancelled orders of positive value, monetary nets everything', async () => {
    const ledger = await loadCustomerLedger(ctx, AS_OF);
    expect(rfmInputsOf(ledger)).toEqual([
      { userId: id.u1, lastPurchaseAt: new Date('2025-03-10T18:00:00Z'), frequency: 3, monetary: 29.75 + 50 + 20 + 40 - 3 },
      { userId: id.u2, lastPurchaseAt: new Date('2025-05-31T23:59:59Z'), frequency: 1, monetary: 100 },
    ]);
  });

  it('derives CLV summaries in whole UTC days', async () => {
    const ledger = await loadCustomerLedger(ctx, AS_OF);
    const summaries = clvSummariesOf(ledger);
    // u1 bought on Jan 10 (29.75) and Mar 10 (50 + 20, two orders one day): one repeat day, 59 days apart; the
    // calibration ends May 31, 141 days after the first purchase
    expect(summaries).toEqual([
      { customerId: id.u1, frequency: 1, recency: 59, T: 141, monetaryValue: 70 },
      { customerId: id.u2, frequency: 0, recency: 0, T: 0, monetaryValue: 0 },
    ]);
  });

  it('builds the behaviour table: customers who bought units, with shares of interest and country indicators', async () => {
    const ledger = await loadCustomerLedger(ctx, AS_OF);
    const table = behaviourTableOf(ledger);
    expect(table.ids).toEqual([id.u1, id.u2]);
    expect(table.columns).toEqual([
      'recency_days', 'frequency', 'monetary', 'basket_size', 'return_rate',
      'share:uncategorised', 'share:Food', 'share:Garden', 'country_DE', 'country_FR', 'country_other',
    ]);
    const width = table.columns.length;
    const row = (i: number) => Array.from(table.values.subarray(i * width, (i + 1) * width));
    // u1: last order with units o3 (Mar 10 18:00, 82.25 days before asOf); orders with units o1 and o3; spend is every
    // line, the cancelled order's and the return's included (29.75 + 20 + 40 − 3); 7 units bought, 2 returned;
    // interest 1 + 3 + 4
    expect(row(0)).toEqual([82.25, 2, 86.75, 3.5, 2 / 7, 1 / 8, 3 / 8, 4 / 8, 1, 0, 0].map(Math.fround));
    expect(row(1)).toEqual([1 / 86_400, 1, 100, 1, 0, 0, 0, 1, 0, 1, 0].map(Math.fround));
    expect(Array.from(table.revenue)).toEqual([86.75, 100]);
    expect(table.weights).toEqual({ country_DE: 0.5, country_FR: 0.5, country_other: 0.5 });
    expect(row(0)[0]).toBeCloseTo((AS_OF.getTime() - ms('2025-03-10T18:00:00Z')) / DAY_MS, 5);
  });
});
