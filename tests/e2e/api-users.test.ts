import { createGraphQLHarness, errorCodes, GraphQLHarness } from '../support/graphql-harness';

const UPSERT = `mutation($input: [UserInput!]!) { upsertUsers(input: $input) { created updated unchanged total } }`;
const USERS = `query($first: Int, $after: String, $filter: UserFilter, $orderBy: UserOrderBy) {
  users(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount edges { node { id externalId email country } } pageInfo { hasNextPage endCursor }
  }
}`;

describe('users API', () => {
  let h: GraphQLHarness;
  beforeAll(async () => {
    h = await createGraphQLHarness({ maxBatch: 50 });
  });
  afterAll(() => h.close());

  it('creates, updates and keeps omitted fields; null clears', async () => {
    const input = Array.from({ length: 30 }, (_, i) => ({
      externalId: `u${i}`,
      email: `user${i}@Example.com`,
      country: i % 3 === 0 ? 'DE' : 'FR',
    }));
    expect((await h.gql(UPSERT, { input })).data.upsertUsers).toEqual({ created: 30, updated: 0, unchanged: 0, total: 30 });
    const update = await h.gql(UPSERT, {
      input: [{ externalId: 'u1', country: 'IT' }, { externalId: 'u2', email: null }, { externalId: 'u3' }, { externalId: 'new' }],
    });
    expect(update.data.upsertUsers).toEqual({ created: 1, updated: 2, unchanged: 1, total: 4 });
    const u1 = await h.gql(`{ user(externalId: "u1") { email country } }`);
    expect(u1.data.user).toEqual({ email: 'user1@Example.com', country: 'IT' });
    const u2 = await h.gql(`{ user(externalId: "u2") { email country } }`);
    expect(u2.data.user).toEqual({ email: null, country: 'FR' });
  });

  it('enforces the configured batch limit', async () => {
    const input = Array.from({ length: 51 }, (_, i) => ({ externalId: `x${i}` }));
    const result = await h.gql(UPSERT, { input });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.field).toBe('input');
  });

  it('filters by country and search and pages with cursors', async () => {
    const de = await h.gql(USERS, { first: 100, filter: { country: 'DE' } });
    expect(de.data.users.totalCount).toBe(10);
    const search = await h.gql(USERS, { filter: { search: 'USER1' } });
    expect(search.data.users.edges.map((e: any) => e.node.externalId).sort()).toEqual(
      ['u1', 'u10', 'u11', 'u12', 'u13', 'u14', 'u15', 'u16', 'u17', 'u18', 'u19'].sort(),
    );
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const { data }: any = await h.gql(USERS, { first: 7, after });
      ids.push(...data.users.edges.map((e: any) => e.node.id));
      after = data.users.pageInfo.hasNextPage ? data.users.pageInfo.endCursor : null;
    } while (after);
    expect(ids).toHaveLength(31);
    expect(ids).toEqual([...ids].sort((a, b) => Number(a) - Number(b)));
  });

  it('orders by creation, newest first, across separate batches', async () => {
    await h.gql(UPSERT, { input: [{ externalId: 'late-1' }] });
    await h.gql(UPSERT, { input: [{ externalId: 'late-2' }] });
    const { data } = await h.gql(USERS, { first: 2, orderBy: 'CREATED_DESC' });
    expect(data.users.edges.map((e: any) => e.node.externalId)).toEqual(['late-2', 'late-1']);
    const next = await h.gql(USERS, { first: 1, orderBy: 'CREATED_DESC', after: data.users.pageInfo.endCursor });
    expect(next.data.users.edges[0].node.externalId).toBe('new');
  });

  it('answers null for unknown users and BAD_USER_INPUT for malformed ids', async () => {
    expect((await h.gql(`{ user(id: "123456789") { id } }`)).data.user).toBeNull();
    const bad = await h.gql(`{ user(id: "12345678901234567890") { id } }`);
    expect(bad.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
  });
});
