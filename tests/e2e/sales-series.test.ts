import pino from 'pino';
import type { RequestContext } from '../../src/domain/common/request-context';
import {
  aggregateLines, buildSeries, SalesSeriesService, seriesFrame, type MemoryLine, type SalesSeries,
} from '../../src/domain/forecasts/series';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Planted order lines (2025-03-03 is a Monday; the range is two weeks): a sale, a return, a cancelled order with
 * reversal lines (nets to zero), a cancelled order without reversals (sold nothing: excluded), a cancellation
 * invoice (negative lines only: counted), and lines just outside the range.
 */
const CATEGORIES = [
  ['dept', null],
  ['leaf-a', 'dept'],
  ['leaf-b', 'dept'],
  ['other', null],
] as const;
const PRODUCTS = [
  ['A', 'leaf-a', 10],
  ['B', 'leaf-b', 5],
  ['C', 'other', 3],
  ['D', 'leaf-a', 4],
] as const;
type Line = [product: string, quantity: number, unitPrice: number];
const ORDERS: Array<{ id: string; at: string; cancelled: boolean; lines: Line[] }> = [
  { id: 'o1', at: '2025-03-03T10:00:00Z', cancelled: false, lines: [['A', 2, 10], ['B', 1, 5]] },
  { id: 'o2', at: '2025-03-05T12:00:00Z', cancelled: false, lines: [['A', 3, 8]] },
  { id: 'r1', at: '2025-03-06T09:00:00Z', cancelled: false, lines: [['A', -1, 10]] },
  { id: 'o3', at: '2025-03-07T09:00:00Z', cancelled: true, lines: [['A', 4, 9], ['A', -4, 9]] },
  { id: 'o4', at: '2025-03-08T09:00:00Z', cancelled: true, lines: [['A', 5, 7]] },
  { id: 'c5', at: '2025-03-10T09:00:00Z', cancelled: true, lines: [['B', -1, 5]] },
  { id: 'o6', at: '2025-03-12T23:59:59Z', cancelled: false, lines: [['C', 2, 3], ['A', 1, 12]] },
  { id: 'o7', at: '2025-03-17T00:00:00Z', cancelled: false, lines: [['A', 9, 10]] },
  { id: 'o8', at: '2025-03-02T23:00:00Z', cancelled: false, lines: [['A', 9, 10]] },
];
const RANGE = { from: '2025-03-03', to: '2025-03-17' };

async function plant(db: TestDatabase): Promise<{ product: Record<string, string>; category: Record<string, string> }> {
  const q = (sql: string, params: unknown[]) => db.dataSource.query(sql, params);
  const category: Record<string, string> = {};
  for (const [ext, parent] of CATEGORIES) {
    const [row] = await q(`INSERT INTO categories (external_id, name, parent_id) VALUES ($1, $1, $2) RETURNING id::text`, [ext, parent && category[parent]]);
    category[ext] = row.id;
  }
  const product: Record<string, string> = {};
  for (const [ext, cat, price] of PRODUCTS) {
    const [row] = await q(`INSERT INTO products (external_id, name, category_id, price) VALUES ($1, $1, $2, $3) RETURNING id::text`, [ext, category[cat], price]);
    product[ext] = row.id;
  }
  for (const o of ORDERS) {
    const total = o.lines.reduce((s, l) => s + l[1] * l[2], 0);
    const [row] = await q(`INSERT INTO orders (external_id, placed_at, total, cancelled) VALUES ($1, $2, $3, $4) RETURNING id`, [o.id, o.at, total, o.cancelled]);
    for (const [i, [p, quantity, price]] of o.lines.entries()) {
      await q(`INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, placed_at) VALUES ($1, $2, $3, $4, $5, $6)`, [row.id, i + 1, product[p], quantity, price, o.at]);
    }
  }
  return { product, category };
}

const plain = (s: SalesSeries) => ({
  quantity: Array.from(s.quantity),
  revenue: Array.from(s.revenue),
  price: s.price && Array.from(s.price),
  observed: Array.from(s.priceObserved),
  first: s.firstSale,
  last: s.lastSale,
});

describe('sales series from order lines', () => {
  let db: TestDatabase;
  let ctx: RequestContext;
  let ids: Awaited<ReturnType<typeof plant>>;
  const service = new SalesSeriesService();
  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = { requestId: 't', logger: pino({ level: 'silent' }), dataSource: db.dataSource, limits: { maxBatch: 10 } };
    ids = await plant(db);
  });
  afterAll(() => db.drop());

  it('nets returns and cancellations per product and day, zero-fills, and carries the sales price forward', async () => {
    const series = await service.products(ctx, [ids.product.A, ids.product.D], RANGE, 'DAY');
    const a = plain(series.get(ids.product.A)!);
    expect(a.quantity).toEqual([2, 0, 3, -1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(a.revenue).toEqual([20, 0, 24, -10, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0]);
    expect(a.price).toEqual([10, 10, 8, 8, 8, 8, 8, 8, 8, 12, 12, 12, 12, 12]);
    expect(a.observed).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect([a.first, a.last]).toEqual([0, 9]);
    const d = plain(series.get(ids.product.D)!);
    expect(d.quantity).toEqual(new Array(14).fill(0));
    expect([d.price, d.first]).toEqual([null, -1]);
  });

  it('aggregates weeks from Monday, widening the range to whole weeks, with the quantity-weighted price', async () => {
    const series = await service.products(ctx, [ids.product.A], { from: '2025-03-05', to: '2025-03-12' }, 'WEEK');
    const a = series.get(ids.product.A)!;
    expect(a.frame.dates).toEqual(['2025-03-03', '2025-03-10']);
    expect(Array.from(a.quantity)).toEqual([4, 1]);
    expect(a.price![0]).toBeCloseTo(44 / 5, 10);
    expect(a.price![1]).toBe(12);
  });

  it('sums a category over its whole subtree, and the shop in total', async () => {
    const cats = await service.categories(ctx, [ids.category.dept, ids.category['leaf-a'], ids.category.other], RANGE, 'DAY');
    const dept = Array.from(cats.get(ids.category.dept)!.quantity);
    expect(dept).toEqual([3, 0, 3, -1, 0, 0, 0, -1, 0, 1, 0, 0, 0, 0]);
    expect(Array.from(cats.get(ids.category['leaf-a'])!.quantity)).toEqual([2, 0, 3, -1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(Array.from(cats.get(ids.category.other)!.quantity)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0]);
    const total = await service.total(ctx, RANGE, 'DAY');
    expect(Array.from(total.quantity)).toEqual([3, 0, 3, -1, 0, 0, 0, -1, 0, 3, 0, 0, 0, 0]);
    expect(await service.salesSpan(ctx, [ids.product.A])).toEqual({ from: '2025-03-02', to: '2025-03-18' });
  });

  it('matches the in-memory aggregation the evaluations use, line for line', async () => {
    const frame = seriesFrame(RANGE, 'DAY');
    const lines: MemoryLine[] = ORDERS.flatMap((o) =>
      o.lines.map(([p, quantity, unitPrice]) => ({
        key: ids.product[p], placedAt: Date.parse(o.at), quantity, unitPrice,
        orderCancelled: o.cancelled, orderHasNegative: o.lines.some((l) => l[1] < 0),
      })),
    );
    const keys = Object.values(ids.product);
    const memory = buildSeries(keys, aggregateLines(lines, frame), frame);
    const sql = await service.products(ctx, keys, RANGE, 'DAY');
    for (const key of keys) expect(plain(memory.get(key)!)).toEqual(plain(sql.get(key)!));
  });

  it('uses the order-lines-by-product-and-time index for a product series', async () => {
    await db.dataSource.query('SET enable_seqscan = off');
    const plan: Array<{ 'QUERY PLAN': string }> = await db.dataSource.query(
      `EXPLAIN SELECT 1 FROM order_lines l WHERE l.product_id = ANY($1::bigint[]) AND l.placed_at >= $2 AND l.placed_at < $3`,
      [[ids.product.A], '2025-03-03', '2025-03-17'],
    );
    await db.dataSource.query('RESET enable_seqscan');
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('idx_order_lines_product_time');
  });

  it('rejects bad ranges as BAD_USER_INPUT naming the field', async () => {
    await expect(service.products(ctx, [ids.product.A], { from: '2025-03-10', to: '2025-03-03' }, 'DAY')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'range.to' });
    await expect(service.total(ctx, { from: '2025-02-30', to: '2025-03-03' }, 'DAY')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'range.from' });
    await expect(service.total(ctx, { from: '2000-01-01', to: '2025-03-03' }, 'WEEK')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'range' });
  });
});
