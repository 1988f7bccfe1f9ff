import path from 'node:path';
import { importOnlineRetail } from '../../src/data/import/online-retail.importer';
import { prepareSegmentsData, readOnlineRetailInvoices } from '../../src/domain/segments/evaluation';
import { loadRfmInputs, scoreRfm } from '../../src/domain/segments/rfm';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'online-retail-sample.csv');
const AS_OF = new Date('2025-06-01T00:00:00Z');

/** Inserts an order with lines [quantity, unitPrice]; the stored total is what the lines sum to. */
async function order(
  db: TestDatabase, ext: string, user: string | null, placedAt: string, lines: Array<[number, number]>, cancelled = false,
): Promise<void> {
  const total = lines.reduce((s, [q, p]) => s + q * p, 0);
  const [{ id }] = await db.dataSource.query(
    `INSERT INTO orders (external_id, user_id, placed_at, total, cancelled)
     VALUES ($1, (SELECT id FROM users WHERE external_id = $2), $3, $4, $5) RETURNING id`,
    [ext, user, placedAt, total, cancelled],
  );
  for (const [i, [quantity, price]] of lines.entries()) {
    await db.dataSource.query(
      `INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, placed_at)
       VALUES ($1, $2, (SELECT id FROM products WHERE external_id = 'p1'), $3, $4, $5)`,
      [id, i + 1, quantity, price, placedAt],
    );
  }
}

describe('RFM inputs from orders and order_lines', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('counts purchases, nets returns and cancellations, and ignores guests and later orders', async () => {
    await db.dataSource.query(`INSERT INTO users (external_id) VALUES ('u1'), ('u2'), ('u3'), ('u4'), ('u5')`);
    await db.dataSource.query(`INSERT INTO products (external_id, name, price) VALUES ('p1', 'P1', 10)`);
    await order(db, 'o1', 'u1', '2025-01-10T10:00:00Z', [[10, 10]]);
    await order(db, 'o2', 'u1', '2025-03-10T10:00:00Z', [[2, 10], [3, 10]]);
    await order(db, 'o3', 'u1', '2025-05-20T23:30:00Z', [[3, 10]]);
    await order(db, 'r1', 'u1', '2025-05-25T10:00:00Z', [[-2, 10]]); // a return: a separate negative order
    await order(db, 'o4', 'u1', '2025-06-02T10:00:00Z', [[9, 10]]); // after asOf
    await order(db, 'o5', 'u2', '2025-04-01T10:00:00Z', [[4, 10]]);
    await order(db, 'c1', 'u2', '2025-05-01T10:00:00Z', [[1, 10], [-1, 10]], true); // demo cancellation
    await order(db, 'o6', 'u3', '2025-02-01T10:00:00Z', [[7, 10]]);
    await order(db, 'C7', 'u3', '2025-02-03T10:00:00Z', [[-7, 10]], true); // Online Retail "C" invoice
    await order(db, 'o8', 'u4', '2025-06-05T10:00:00Z', [[1, 10]]); // only after asOf
    await order(db, 'r2', 'u5', '2025-03-01T10:00:00Z', [[-1, 10]]); // only a return
    await order(db, 'g1', null, '2025-03-01T10:00:00Z', [[5, 10]]); // a guest

    const inputs = await loadRfmInputs(db.dataSource, AS_OF);
    expect(inputs.map(({ userId, ...rest }) => ({ ...rest, userId: typeof userId }))).toEqual([
      { userId: 'string', externalId: 'u1', lastPurchaseAt: new Date('2025-05-20T23:30:00Z'), frequency: 3, monetary: 160 },
      { userId: 'string', externalId: 'u2', lastPurchaseAt: new Date('2025-04-01T10:00:00Z'), frequency: 1, monetary: 40 },
      { userId: 'string', externalId: 'u3', lastPurchaseAt: new Date('2025-02-01T10:00:00Z'), frequency: 1, monetary: 0 },
    ]);
    const scores = scoreRfm(inputs, AS_OF);
    expect(scores.map((s) => s.recencyDays)).toEqual([12, 61, 120]);
    // Three customers: ranks 0, 1, 2 of 3 give scores 1, 2, 4 (1 + floor(5 · rank / n)).
    expect(scores.map((s) => [s.r, s.f, s.m])).toEqual([[4, 4, 4], [2, 1, 2], [1, 1, 1]]); // u2 and u3 tie on F
    expect(scores.map((s) => s.segment)).toEqual(['Loyal', 'Hibernating', 'Lost']);
  });

  it('agrees with the file-based evaluation on an imported Online Retail file', async () => {
    await db.dataSource.query(`TRUNCATE orders, order_lines, events, users, products CASCADE`);
    await importOnlineRetail(db.dataSource, FIXTURE, {});
    const source = await readOnlineRetailInvoices(FIXTURE);
    const fromFile = prepareSegmentsData(source);
    const fromDb = await loadRfmInputs(db.dataSource, fromFile.referenceDate);
    expect(fromDb.length).toBeGreaterThan(0);
    const byId = (xs: Array<{ id: string; lastPurchaseAt: Date; frequency: number; monetary: number }>) =>
      xs.map((x) => [x.id, x.lastPurchaseAt.toISOString(), x.frequency, x.monetary]).sort();
    expect(byId(fromDb.map((x) => ({ ...x, id: x.externalId })))).toEqual(
      byId(fromFile.rfmInputs.map((x) => ({ ...x, id: x.userId }))),
    );
  });
});
