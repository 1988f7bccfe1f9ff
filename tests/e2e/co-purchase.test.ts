import pino from 'pino';
import type { RequestContext } from '../../src/domain/common/request-context';
import { CoPurchaseService } from '../../src/domain/recommendations/co-purchase.service';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Planted baskets on a real database (the ranking is SQL, so it is pinned against PostgreSQL itself):
 *   10 × {A, B}   B is never bought without A            → lift N/n_A, support 10
 *    3 × {A, H}   H likewise, fewer orders                → the same lift, support 3 (the tie goes to B)
 *    5 × {A, C}   C is popular: 40 × {C, X} as well       → lift 5N/(n_A·45), far below B
 *    2 × {A, D}   + 1 × {D}                                → below the support floor of 3
 *    5 × {A, E}   E is inactive                            → absent
 *    5 × {A, F} cancelled, + 3 × {F}                       → cancelled orders do not count
 *    4 × {A, G} with G returned (negative quantity)        → absent; A still counts in those orders
 *   20 × {X}
 * So n_A = 10 + 3 + 5 + 2 + 5 + 4 = 29 and N = 29 + 40 + 1 + 3 + 20 = 93 baskets.
 */
describe('CoPurchaseService.boughtTogether', () => {
  let db: TestDatabase;
  let ctx: RequestContext;
  const ids: Record<string, string> = {};
  let orderNo = 0;
  const N = 93;
  const nA = 29;

  async function order(lines: Array<[string, number]>, times: number, cancelled = false): Promise<void> {
    for (let t = 0; t < times; t++) {
      const [row] = await db.dataSource.query(
        `INSERT INTO orders (external_id, placed_at, total, cancelled) VALUES ($1, now(), 0, $2) RETURNING id::text AS id`,
        [`o${++orderNo}`, cancelled],
      );
      for (const [n, [product, quantity]] of lines.entries()) {
        await db.dataSource.query(
          `INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, placed_at) VALUES ($1, $2, $3, $4, 1, now())`,
          [row.id, n + 1, ids[product], quantity],
        );
      }
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = { requestId: 't', logger: pino({ level: 'silent' }), dataSource: db.dataSource, limits: { maxBatch: 10 } };
    for (const p of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'X']) {
      const [row] = await db.dataSource.query(
        `INSERT INTO products (external_id, name, price, active) VALUES ($1, $1, 1, $2) RETURNING id::text AS id`,
        [p, p !== 'E'],
      );
      ids[p] = row.id;
    }
    await order([['A', 1], ['B', 2]], 10);
    await order([['A', 1], ['H', 1]], 3);
    await order([['A', 1], ['C', 1]], 5);
    await order([['C', 1], ['X', 1]], 40);
    await order([['A', 1], ['D', 1]], 2);
    await order([['D', 1]], 1);
    await order([['A', 1], ['E', 1]], 5);
    await order([['A', 1], ['F', 1]], 5, true);
    await order([['F', 1]], 3);
    await order([['A', 1], ['G', -1]], 4);
    await order([['X', 3]], 20);
  });
  afterAll(() => db.drop());

  const name = (productId: string) => Object.keys(ids).find((k) => ids[k] === productId);

  it('ranks by lift with ties broken by support, and drops inactive, cancelled, returned and rare pairs', async () => {
    const list = await new CoPurchaseService().boughtTogether(ctx, ids.A, 10);
    expect(list.map((r) => name(r.productId))).toEqual(['B', 'H', 'C']);
    const [b, h, c] = list;
    expect(b.score).toBeCloseTo((10 * N) / (nA * 10), 10);
    expect(b).toMatchObject({ support: 10 });
    expect(b.confidence).toBeCloseTo(10 / nA, 10);
    expect(h.score).toBeCloseTo(b.score, 10);
    expect(h.support).toBe(3);
    expect(c.score).toBeCloseTo((5 * N) / (nA * 45), 10);
    expect(c.support).toBe(5);
  });

  it('honours `first` and a configurable support floor', async () => {
    expect((await new CoPurchaseService().boughtTogether(ctx, ids.A, 1)).map((r) => name(r.productId))).toEqual(['B']);
    const lowFloor = await new CoPurchaseService({ minSupport: 2 }).boughtTogether(ctx, ids.A, 10);
    expect(lowFloor.map((r) => name(r.productId))).toEqual(['B', 'H', 'D', 'C']);
    expect(lowFloor[2].score).toBeCloseTo((2 * N) / (nA * 3), 10);
    expect(() => new CoPurchaseService({ minSupport: 0 })).toThrow(RangeError);
  });

  it('is symmetric in support and answers a known product without pairs with an empty list', async () => {
    const forB = await new CoPurchaseService().boughtTogether(ctx, ids.B, 10);
    expect(forB.map((r) => [name(r.productId), r.support])).toEqual([['A', 10]]);
    expect(forB[0].confidence).toBe(1);
    expect(await new CoPurchaseService().boughtTogether(ctx, ids.D, 10)).toEqual([]);
  });

  it('rejects unknown and malformed ids and `first` out of range', async () => {
    const service = new CoPurchaseService();
    await expect(service.boughtTogether(ctx, '987654321', 10)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.boughtTogether(ctx, 'abc', 10)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT', extensions: { field: 'productId' },
    });
    for (const first of [0, 101, 1.5, Number.NaN]) {
      await expect(service.boughtTogether(ctx, ids.A, first)).rejects.toMatchObject({
        code: 'BAD_USER_INPUT', extensions: { field: 'first' },
      });
    }
  });
});
