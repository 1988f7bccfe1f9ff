import { createGraphQLHarness, errorCodes, GraphQLHarness } from '../support/graphql-harness';

const RECORD = `mutation($input: [OrderInput!]!) { recordOrders(input: $input) { created updated unchanged total } }`;
const USER_ORDERS = `query($ext: String, $first: Int, $after: String) {
  user(externalId: $ext) {
    orders(first: $first, after: $after) {
      totalCount
      edges { node { externalId placedAt total cancelled user { externalId } lines { lineNo quantity unitPrice product { externalId } } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

function order(externalId: string, lines: Array<[string, number, number]>, extra: Record<string, unknown> = {}) {
  return {
    externalId,
    userExternalId: 'u1',
    placedAt: '2025-03-01T12:00:00.000Z',
    lines: lines.map(([productExternalId, quantity, unitPrice]) => ({ productExternalId, quantity, unitPrice })),
    ...extra,
  };
}

async function purchaseEvents(h: GraphQLHarness): Promise<Array<{ event_id: string; type: string; quantity: number }>> {
  return h.db.dataSource.query(
    `SELECT event_id, type, quantity FROM events WHERE event_id LIKE 'order:%' ORDER BY event_id`,
  );
}

describe('recordOrders, Order.lines and User.orders', () => {
  let h: GraphQLHarness;
  beforeAll(async () => {
    h = await createGraphQLHarness();
    await h.gql(`mutation { upsertUsers(input: [{ externalId: "u1" }]) { created } }`);
    await h.gql(`mutation { upsertProducts(input: [
      { externalId: "p1", name: "P1", price: 2.5 }, { externalId: "p2", name: "P2", price: 4 }]) { created } }`);
  });
  afterAll(() => h.close());

  it('records an order with its lines, total and purchase events', async () => {
    const result = await h.gql(RECORD, { input: [order('o1', [['p1', 2, 2.5], ['p2', 1, 4]])] });
    expect(result.errors).toBeUndefined();
    expect(result.data.recordOrders).toEqual({ created: 1, updated: 0, unchanged: 0, total: 1 });
    const { data } = await h.gql(USER_ORDERS, { ext: 'u1' });
    expect(data.user.orders.edges[0].node).toEqual({
      externalId: 'o1',
      placedAt: '2025-03-01T12:00:00.000Z',
      total: 9,
      cancelled: false,
      user: { externalId: 'u1' },
      lines: [
        { lineNo: 1, quantity: 2, unitPrice: 2.5, product: { externalId: 'p1' } },
        { lineNo: 2, quantity: 1, unitPrice: 4, product: { externalId: 'p2' } },
      ],
    });
    const [line] = await h.db.dataSource.query(`SELECT placed_at FROM order_lines LIMIT 1`);
    expect(line.placed_at.toISOString()).toBe('2025-03-01T12:00:00.000Z');
    expect(await purchaseEvents(h)).toEqual([
      { event_id: 'order:o1:1', type: 'PURCHASE', quantity: 2 },
      { event_id: 'order:o1:2', type: 'PURCHASE', quantity: 1 },
    ]);
  });

  it('treats a replay as unchanged, and a changed replay as an update replacing lines and events', async () => {
    const same = await h.gql(RECORD, { input: [order('o1', [['p1', 2, 2.5], ['p2', 1, 4]])] });
    expect(same.data.recordOrders).toEqual({ created: 0, updated: 0, unchanged: 1, total: 1 });
    const changed = await h.gql(RECORD, { input: [order('o1', [['p2', -1, 4]])] });
    expect(changed.data.recordOrders).toEqual({ created: 0, updated: 1, unchanged: 0, total: 1 });
    const { data } = await h.gql(USER_ORDERS, { ext: 'u1' });
    expect(data.user.orders.totalCount).toBe(1);
    expect(data.user.orders.edges[0].node.total).toBe(-4);
    expect(data.user.orders.edges[0].node.lines).toEqual([{ lineNo: 1, quantity: -1, unitPrice: 4, product: { externalId: 'p2' } }]);
    expect(await purchaseEvents(h)).toEqual([{ event_id: 'order:o1:1', type: 'RETURN', quantity: 1 }]);
  });

  it('records guest orders and cancelled orders without events', async () => {
    const result = await h.gql(RECORD, {
      input: [
        order('guest', [['p1', 1, 2.5]], { userExternalId: null }),
        order('o1', [['p2', -1, 4]], { cancelled: true }),
      ],
    });
    expect(result.data.recordOrders).toEqual({ created: 1, updated: 1, unchanged: 0, total: 2 });
    expect(await purchaseEvents(h)).toEqual([]);
    const [guest] = await h.db.dataSource.query(`SELECT user_id, total FROM orders WHERE external_id = 'guest'`);
    expect(guest).toEqual({ user_id: null, total: '2.5000' });
  });

  it('rejects a batch with an unknown product line, naming order and line, writing nothing', async () => {
    const result = await h.gql(RECORD, {
      input: [order('o2', [['p1', 1, 1]]), order('o3', [['p1', 1, 1], ['nope', 1, 1]])],
    });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toBe('input[1].lines[1].productExternalId: unknown product "nope"');
    const rows = await h.db.dataSource.query(`SELECT 1 FROM orders WHERE external_id IN ('o2', 'o3')`);
    expect(rows).toHaveLength(0);
    const empty = await h.gql(RECORD, { input: [order('o4', [])] });
    expect(empty.errors![0].message).toBe('input[0].lines: must have at least one line');
    const zero = await h.gql(RECORD, { input: [order('o4', [['p1', 0, 1]])] });
    expect(zero.errors![0].extensions!.field).toBe('input[0].lines[0].quantity');
  });

  it('pages a user\'s orders newest first', async () => {
    const input = [1, 2, 3, 4, 5].map((day) =>
      order(`d${day}`, [['p1', day, 1]], { placedAt: new Date(Date.UTC(2025, 4, day)).toISOString() }),
    );
    await h.gql(RECORD, { input });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { data, errors }: any = await h.gql(USER_ORDERS, { ext: 'u1', first: 2, after });
      expect(errors).toBeUndefined();
      seen.push(...data.user.orders.edges.map((e: any) => e.node.externalId));
      after = data.user.orders.pageInfo.hasNextPage ? data.user.orders.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(['d5', 'd4', 'd3', 'd2', 'd1', 'o1']);
  });
});
