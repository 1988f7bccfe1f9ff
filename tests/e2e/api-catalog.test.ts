import { createGraphQLHarness, errorCodes, GraphQLHarness } from '../support/graphql-harness';

const UPSERT_CATEGORIES = `mutation($input: [CategoryInput!]!) { upsertCategories(input: $input) { created updated unchanged total } }`;
const UPSERT_PRODUCTS = `mutation($input: [ProductInput!]!) { upsertProducts(input: $input) { created updated unchanged total } }`;
const PRODUCTS = `query($first: Int, $after: String, $filter: ProductFilter, $orderBy: ProductOrderBy) {
  products(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount edges { cursor node { externalId name price stock active category { externalId } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Planted catalogue: a tree food > fruit > citrus, food > dairy, and toys; prices, stock and activity vary. */
const CATEGORIES = [
  { externalId: 'citrus', name: 'Citrus', parentExternalId: 'fruit' },
  { externalId: 'fruit', name: 'Fruit', parentExternalId: 'food' },
  { externalId: 'food', name: 'Food', parentExternalId: null },
  { externalId: 'dairy', name: 'Dairy', parentExternalId: 'food' },
  { externalId: 'toys', name: 'Toys' },
];
const PRODUCTS_IN = [
  { externalId: 'p-lemon', name: 'Lemon', categoryExternalId: 'citrus', price: 0.5, stock: 10 },
  { externalId: 'p-orange', name: 'Blood Orange', categoryExternalId: 'citrus', price: 0.8, stock: 0 },
  { externalId: 'p-apple', name: 'Apple', categoryExternalId: 'fruit', price: 0.3 },
  { externalId: 'p-milk', name: 'Milk 1L', categoryExternalId: 'dairy', price: 1.2, stock: 5 },
  { externalId: 'p-ball', name: 'Orange Ball', categoryExternalId: 'toys', price: 9.99, stock: 3, active: false },
  { externalId: 'p_50%', name: 'Half off', price: 5 },
];

async function ids(h: GraphQLHarness, variables: Record<string, unknown>): Promise<string[]> {
  const result = await h.gql(PRODUCTS, { first: 100, ...variables });
  expect(result.errors).toBeUndefined();
  return result.data.products.edges.map((e: any) => e.node.externalId).sort();
}

async function categoryId(h: GraphQLHarness, externalId: string): Promise<string> {
  const { data } = await h.gql(`{ categories { id externalId } }`);
  return data.categories.find((c: any) => c.externalId === externalId).id;
}

describe('catalogue API', () => {
  let h: GraphQLHarness;
  beforeAll(async () => {
    h = await createGraphQLHarness();
  });
  afterAll(() => h.close());

  it('upserts a category tree given children before parents, then reports replays as unchanged', async () => {
    const first = await h.gql(UPSERT_CATEGORIES, { input: CATEGORIES });
    expect(first.errors).toBeUndefined();
    expect(first.data.upsertCategories).toEqual({ created: 5, updated: 0, unchanged: 0, total: 5 });
    const again = await h.gql(UPSERT_CATEGORIES, { input: CATEGORIES });
    expect(again.data.upsertCategories).toEqual({ created: 0, updated: 0, unchanged: 5, total: 5 });
    const { data } = await h.gql(`{ categories { externalId parent { externalId parent { externalId } } } }`);
    const citrus = data.categories.find((c: any) => c.externalId === 'citrus');
    expect(citrus.parent).toEqual({ externalId: 'fruit', parent: { externalId: 'food' } });
  });

  it('rejects a category cycle, naming the row, and writes nothing', async () => {
    const result = await h.gql(UPSERT_CATEGORIES, {
      input: [
        { externalId: 'new-a', name: 'A' },
        { externalId: 'food', name: 'Food', parentExternalId: 'citrus' },
      ],
    });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toMatch(/^input\[1\]\.parentExternalId: would create a cycle food → citrus → fruit → food/);
    expect(result.errors![0].extensions).toMatchObject({ field: 'input[1].parentExternalId' });
    const { data } = await h.gql(`{ categories { externalId } }`);
    expect(data.categories.map((c: any) => c.externalId)).not.toContain('new-a');
  });

  it('rejects a self-parent and an unknown parent', async () => {
    const self = await h.gql(UPSERT_CATEGORIES, { input: [{ externalId: 'x', name: 'X', parentExternalId: 'x' }] });
    expect(self.errors![0].message).toMatch(/input\[0\]\.parentExternalId: would create a cycle x → x/);
    const unknown = await h.gql(UPSERT_CATEGORIES, { input: [{ externalId: 'x', name: 'X', parentExternalId: 'nope' }] });
    expect(unknown.errors![0].message).toBe('input[0].parentExternalId: unknown category "nope"');
  });

  it('creates products, then counts an update and leaves omitted fields alone', async () => {
    const created = await h.gql(UPSERT_PRODUCTS, { input: PRODUCTS_IN });
    expect(created.errors).toBeUndefined();
    expect(created.data.upsertProducts).toEqual({ created: 6, updated: 0, unchanged: 0, total: 6 });
    const updated = await h.gql(UPSERT_PRODUCTS, {
      input: [
        { externalId: 'p-lemon', name: 'Lemon', price: 0.55 },
        { externalId: 'p-apple', name: 'Apple', categoryExternalId: 'fruit', price: 0.3 },
      ],
    });
    expect(updated.data.upsertProducts).toEqual({ created: 0, updated: 1, unchanged: 1, total: 2 });
    const { data } = await h.gql(`{ product(externalId: "p-lemon") { price stock category { externalId } } }`);
    expect(data.product).toEqual({ price: 0.55, stock: 10, category: { externalId: 'citrus' } });
  });

  it('rejects the whole batch when one row is bad, naming row and field', async () => {
    const result = await h.gql(UPSERT_PRODUCTS, {
      input: [
        { externalId: 'p-new', name: 'New', price: 1 },
        { externalId: 'p-lemon', name: 'Lemon', price: -1 },
        { externalId: 'p-new2', name: 'New 2', price: 1, categoryExternalId: 'ghost' },
      ],
    });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toBe('input[1].price: must be at least 0');
    expect(result.errors![0].extensions!.field).toBe('input[1].price');
    expect(await ids(h, { filter: { search: 'New' } })).toEqual([]);
    const withRef = await h.gql(UPSERT_PRODUCTS, { input: [{ externalId: 'p-new2', name: 'N', price: 1, categoryExternalId: 'ghost' }] });
    expect(withRef.errors![0].message).toBe('input[0].categoryExternalId: unknown category "ghost"');
  });

  it('rejects duplicates inside a batch and batches over the limit', async () => {
    const dup = await h.gql(UPSERT_PRODUCTS, {
      input: [
        { externalId: 'd', name: 'D', price: 1 },
        { externalId: 'd', name: 'D', price: 2 },
      ],
    });
    expect(dup.errors![0].message).toBe('input[1].externalId: duplicate externalId "d" (also input[0])');
    const big = Array.from({ length: 10_001 }, (_, i) => ({ externalId: `big-${i}`, name: 'B', price: 1 }));
    const over = await h.gql(UPSERT_PRODUCTS, { input: big });
    expect(errorCodes(over)).toEqual(['BAD_USER_INPUT']);
    expect(over.errors![0].message).toBe('input: at most 10000 rows per batch (got 10001)');
  });

  it('filters by category subtree, search, price range, stock and activity', async () => {
    expect(await ids(h, { filter: { categoryId: await categoryId(h, 'fruit') } })).toEqual(['p-apple', 'p-lemon', 'p-orange']);
    expect(await ids(h, { filter: { categoryId: await categoryId(h, 'food') } })).toEqual([
      'p-apple', 'p-lemon', 'p-milk', 'p-orange',
    ]);
    expect(await ids(h, { filter: { search: 'orANGE' } })).toEqual(['p-ball', 'p-orange']);
    expect(await ids(h, { filter: { search: 'p-milk' } })).toEqual(['p-milk']);
    expect(await ids(h, { filter: { search: '%' } })).toEqual([]);
    expect(await ids(h, { filter: { search: 'p_50%' } })).toEqual(['p_50%']);
    expect(await ids(h, { filter: { minPrice: 0.5, maxPrice: 1.2 } })).toEqual(['p-lemon', 'p-milk', 'p-orange']);
    expect(await ids(h, { filter: { inStock: false } })).toEqual(['p-orange']);
    expect(await ids(h, { filter: { inStock: true, categoryId: await categoryId(h, 'citrus') } })).toEqual(['p-lemon']);
    expect(await ids(h, { filter: { active: false } })).toEqual(['p-ball']);
    const bad = await h.gql(PRODUCTS, { filter: { categoryId: 'abc' } });
    expect(bad.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.categoryId' } });
  });

  it('pages through every order with cursors, each row once, in order', async () => {
    const sorters: Record<string, (a: any, b: any) => number> = {
      NAME_ASC: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      PRICE_ASC: (a, b) => a.price - b.price,
      PRICE_DESC: (a, b) => b.price - a.price,
    };
    const all = (await h.gql(PRODUCTS, { first: 100 })).data.products.edges.map((e: any) => e.node);
    for (const orderBy of ['ID_ASC', 'NAME_ASC', 'PRICE_ASC', 'PRICE_DESC', 'CREATED_DESC']) {
      const seen: any[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const { data, errors }: any = await h.gql(PRODUCTS, { first: 2, after, orderBy });
        expect(errors).toBeUndefined();
        expect(data.products.totalCount).toBe(all.length);
        seen.push(...data.products.edges.map((e: any) => e.node));
        after = data.products.pageInfo.endCursor;
        if (!data.products.pageInfo.hasNextPage) break;
      }
      expect(seen.map((n) => n.externalId).sort()).toEqual(all.map((n: any) => n.externalId).sort());
      if (sorters[orderBy]) expect(seen).toEqual([...seen].sort(sorters[orderBy]));
    }
  });

  it('validates first and after', async () => {
    for (const first of [0, 101, -5]) {
      const result = await h.gql(PRODUCTS, { first });
      expect(result.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
      expect(result.errors![0].message).toMatch(/^first: must be between 1 and 100/);
    }
    for (const after of ['garbage', Buffer.from('[1,2]').toString('base64url'), '']) {
      const result = await h.gql(PRODUCTS, { after });
      expect(result.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
    }
    const { data } = await h.gql(PRODUCTS, { first: 1, orderBy: 'PRICE_ASC' });
    const crossed = await h.gql(PRODUCTS, { after: data.products.pageInfo.endCursor, orderBy: 'NAME_ASC' });
    expect(crossed.errors![0].message).toMatch(/different list or orderBy/);
  });

  it('looks products up by id or externalId, rejecting neither, both and malformed ids', async () => {
    const { data } = await h.gql(`{ product(externalId: "p-milk") { id name } }`);
    const byId = await h.gql(`query($id: ID) { product(id: $id) { externalId } }`, { id: data.product.id });
    expect(byId.data.product).toEqual({ externalId: 'p-milk' });
    expect((await h.gql(`{ product(id: "999999") { id } }`)).data.product).toBeNull();
    expect((await h.gql(`{ product(externalId: "nope") { id } }`)).data.product).toBeNull();
    for (const query of [`{ product { id } }`, `{ product(id: "1", externalId: "x") { id } }`, `{ product(id: "1; DROP") { id } }`]) {
      const result = await h.gql(query);
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('counts a parent change as an update and moves the subtree with it', async () => {
    const moved = await h.gql(UPSERT_CATEGORIES, { input: [{ externalId: 'dairy', name: 'Dairy', parentExternalId: 'toys' }] });
    expect(moved.data.upsertCategories).toEqual({ created: 0, updated: 1, unchanged: 0, total: 1 });
    expect(await ids(h, { filter: { categoryId: await categoryId(h, 'toys') } })).toEqual(['p-ball', 'p-milk']);
    const back = await h.gql(UPSERT_CATEGORIES, { input: [{ externalId: 'dairy', name: 'Dairy', parentExternalId: 'food' }] });
    expect(back.data.upsertCategories.updated).toBe(1);
  });

  it('lists a category subtree through Category.products', async () => {
    const { data, errors } = await h.gql(`{ categories { externalId products(first: 2) { totalCount edges { node { externalId } } pageInfo { hasNextPage } } } }`);
    expect(errors).toBeUndefined();
    const food = data.categories.find((c: any) => c.externalId === 'food').products;
    expect(food.totalCount).toBe(4);
    expect(food.edges).toHaveLength(2);
    expect(food.pageInfo.hasNextPage).toBe(true);
    const toys = data.categories.find((c: any) => c.externalId === 'toys').products;
    expect(toys).toEqual({ totalCount: 1, edges: [{ node: { externalId: 'p-ball' } }], pageInfo: { hasNextPage: false } });
  });
});
