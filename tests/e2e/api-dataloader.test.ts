import { createGraphQLHarness, GraphQLHarness } from '../support/graphql-harness';

/** Counts the SQL statements TypeORM sends while `fn` runs (every query goes through the logger's logQuery). */
async function countStatements(h: GraphQLHarness, fn: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const spy = jest.spyOn(h.db.dataSource.logger, 'logQuery').mockImplementation((sql: string) => {
    statements.push(sql);
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return statements;
}

describe('DataLoaders keep nested reads to a constant number of statements', () => {
  let h: GraphQLHarness;
  beforeAll(async () => {
    h = await createGraphQLHarness();
    const categories = [
      ...['a', 'b', 'c'].map((r) => ({ externalId: r, name: `Root ${r}` })),
      ...Array.from({ length: 12 }, (_, i) => ({ externalId: `c${i}`, name: `Leaf ${i}`, parentExternalId: 'abc'[i % 3] })),
    ];
    await h.gql(`mutation($i: [CategoryInput!]!) { upsertCategories(input: $i) { created } }`, { i: categories });
    const products = Array.from({ length: 120 }, (_, i) => ({
      externalId: `p${i}`,
      name: `Product ${i}`,
      price: i,
      categoryExternalId: `c${i % 12}`,
    }));
    await h.gql(`mutation($i: [ProductInput!]!) { upsertProducts(input: $i) { created } }`, { i: products });
    const users = Array.from({ length: 30 }, (_, i) => ({ externalId: `u${i}` }));
    await h.gql(`mutation($i: [UserInput!]!) { upsertUsers(input: $i) { created } }`, { i: users });
    const events = users.flatMap((u, i) =>
      [0, 1, 2, 3].map((k) => ({ userExternalId: u.externalId, productExternalId: `p${(i + k) % 120}`, type: 'VIEW' })),
    );
    await h.gql(`mutation($i: [EventInput!]!) { recordEvents(input: $i) { accepted } }`, { i: events });
    const orders = users.map((u, i) => ({
      externalId: `o${i}`,
      userExternalId: u.externalId,
      placedAt: '2025-01-01T00:00:00Z',
      lines: [{ productExternalId: `p${i}`, quantity: 1, unitPrice: 1 }, { productExternalId: `p${i + 1}`, quantity: 2, unitPrice: 1 }],
    }));
    await h.gql(`mutation($i: [OrderInput!]!) { recordOrders(input: $i) { created } }`, { i: orders });
  });
  afterAll(() => h.close());

  it('products(first: 100) with category and parent in at most 5 statements', async () => {
    let result: any;
    const statements = await countStatements(h, async () => {
      result = await h.gql(`{ products(first: 100) { totalCount edges { node { id name category { name parent { name } } } } } }`);
    });
    expect(result.errors).toBeUndefined();
    expect(result.data.products.totalCount).toBe(120);
    expect(result.data.products.edges).toHaveLength(100);
    const node = result.data.products.edges.find((e: any) => e.node.name === 'Product 13').node;
    expect(node.category).toEqual({ name: 'Leaf 1', parent: { name: 'Root b' } });
    expect(statements.length).toBeLessThanOrEqual(5);
  });

  it('nested connections of 30 users cost the same few statements as of 1', async () => {
    const query = `query($first: Int) { users(first: $first) { edges { node {
      events(first: 2) { totalCount edges { node { type product { name category { name } } } } }
      orders(first: 5) { edges { node { total lines { quantity product { name } } } } }
    } } } }`;
    let many: any;
    const forMany = await countStatements(h, async () => {
      many = await h.gql(query, { first: 30 });
    });
    const forOne = await countStatements(h, () => h.gql(query, { first: 1 }));
    expect(many.errors).toBeUndefined();
    expect(many.data.users.edges).toHaveLength(30);
    expect(many.data.users.edges[7].node.events.totalCount).toBe(6); // 4 views + 2 purchases from its order
    expect(many.data.users.edges[7].node.events.edges).toHaveLength(2);
    expect(many.data.users.edges[7].node.orders.edges[0].node.lines.map((l: any) => l.product.name)).toEqual([
      'Product 7',
      'Product 8',
    ]);
    expect(forMany.length).toBe(forOne.length);
    expect(forMany.length).toBeLessThanOrEqual(8);
  });

  it('does not run the count when totalCount is not selected', async () => {
    const statements = await countStatements(h, () => h.gql(`{ products(first: 5) { edges { node { id } } } }`));
    expect(statements).toHaveLength(1);
  });
});
