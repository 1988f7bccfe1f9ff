import { createGraphQLHarness, errorCodes, GraphQLHarness } from '../support/graphql-harness';

const RECORD = `mutation($input: [EventInput!]!, $createMissing: Boolean) {
  recordEvents(input: $input, createMissing: $createMissing) { accepted duplicates createdUsers createdProducts }
}`;
const USER_EVENTS = `query($ext: String, $first: Int, $after: String, $type: EventType) {
  user(externalId: $ext) {
    events(first: $first, after: $after, type: $type) {
      totalCount
      edges { node { eventId type quantity value price occurredAt user { externalId } product { externalId } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

async function eventCount(h: GraphQLHarness, user: string): Promise<number> {
  const [row] = await h.db.dataSource.query(
    `SELECT count(*)::int AS n FROM events e JOIN users u ON u.id = e.user_id WHERE u.external_id = $1`,
    [user],
  );
  return row.n;
}

describe('recordEvents and User.events', () => {
  let h: GraphQLHarness;
  beforeAll(async () => {
    h = await createGraphQLHarness();
    await h.gql(`mutation { upsertUsers(input: [{ externalId: "u1", email: "a@x.io" }, { externalId: "u2" }]) { created } }`);
    await h.gql(`mutation { upsertProducts(input: [{ externalId: "p1", name: "P1", price: 1 }, { externalId: "p2", name: "P2", price: 2 }]) { created } }`);
  });
  afterAll(() => h.close());

  it('rejects a batch whose second row names an unknown product, writing nothing', async () => {
    const before = await eventCount(h, 'u1');
    const result = await h.gql(RECORD, {
      input: [
        { userExternalId: 'u1', productExternalId: 'p1', type: 'VIEW' },
        { userExternalId: 'u1', productExternalId: 'p-999', type: 'VIEW' },
      ],
    });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toBe('input[1].productExternalId: unknown product "p-999"');
    expect(result.errors![0].extensions!.field).toBe('input[1].productExternalId');
    expect(await eventCount(h, 'u1')).toBe(before);
  });

  it('counts a replayed eventId as a duplicate, once', async () => {
    const batch = { input: [{ eventId: 'e-1', userExternalId: 'u1', productExternalId: 'p1', type: 'ADD_TO_CART', quantity: 2 }] };
    const before = await eventCount(h, 'u1');
    const first = await h.gql(RECORD, batch);
    expect(first.data.recordEvents).toMatchObject({ accepted: 1, duplicates: 0 });
    const second = await h.gql(RECORD, batch);
    expect(second.data.recordEvents).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await eventCount(h, 'u1')).toBe(before + 1);
  });

  it('counts repeats inside one batch as duplicates too, and always accepts events without eventId', async () => {
    const row = { eventId: 'e-2', userExternalId: 'u2', productExternalId: 'p2', type: 'VIEW' };
    const plain = { userExternalId: 'u2', productExternalId: 'p2', type: 'CLICK' };
    const result = await h.gql(RECORD, { input: [row, row, plain, plain] });
    expect(result.data.recordEvents).toMatchObject({ accepted: 3, duplicates: 1 });
    expect(await eventCount(h, 'u2')).toBe(3);
  });

  it('rejects negative quantities and unknown users naming the row', async () => {
    const negative = await h.gql(RECORD, { input: [{ userExternalId: 'u1', productExternalId: 'p1', type: 'VIEW', quantity: -1 }] });
    expect(negative.errors![0].message).toBe('input[0].quantity: must be at least 0');
    const user = await h.gql(RECORD, {
      input: [
        { userExternalId: 'u1', productExternalId: 'p1', type: 'VIEW' },
        { userExternalId: 'u1', productExternalId: 'p1', type: 'VIEW' },
        { userExternalId: 'ghost', productExternalId: 'p1', type: 'VIEW' },
      ],
    });
    expect(user.errors![0].message).toBe('input[2].userExternalId: unknown user "ghost"');
  });

  it('creates placeholders with createMissing', async () => {
    const result = await h.gql(RECORD, {
      createMissing: true,
      input: [{ userExternalId: 'new-user', productExternalId: 'new-product', type: 'WISHLIST', occurredAt: '2024-05-01T10:00:00.000Z' }],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data.recordEvents).toEqual({ accepted: 1, duplicates: 0, createdUsers: 1, createdProducts: 1 });
    const { data } = await h.gql(`{ product(externalId: "new-product") { name price active } }`);
    expect(data.product).toEqual({ name: 'new-product', price: 0, active: false });
    const events = await h.gql(USER_EVENTS, { ext: 'new-user' });
    expect(events.data.user.events.edges[0].node).toMatchObject({ type: 'WISHLIST', occurredAt: '2024-05-01T10:00:00.000Z' });
  });

  it('lists a user\'s events newest first, by type, page by page', async () => {
    const input = Array.from({ length: 7 }, (_, i) => ({
      eventId: `t-${i}`,
      userExternalId: 'u2',
      productExternalId: i % 2 ? 'p1' : 'p2',
      type: i % 2 ? 'PURCHASE' : 'RATING',
      value: i,
      occurredAt: new Date(Date.UTC(2025, 0, 1, 0, 0, 0) + i * 1000).toISOString(),
    }));
    await h.gql(RECORD, { input });
    const seen: any[] = [];
    let after: string | null = null;
    do {
      const { data, errors }: any = await h.gql(USER_EVENTS, { ext: 'u2', first: 2, after, type: 'RATING' });
      expect(errors).toBeUndefined();
      expect(data.user.events.totalCount).toBe(4);
      seen.push(...data.user.events.edges.map((e: any) => e.node));
      after = data.user.events.pageInfo.hasNextPage ? data.user.events.pageInfo.endCursor : null;
    } while (after);
    expect(seen.map((n) => n.value)).toEqual([6, 4, 2, 0]);
    expect(seen.every((n) => n.type === 'RATING' && n.user.externalId === 'u2' && n.product.externalId === 'p2')).toBe(true);
  });
});
