import { getDemoTruth, loadDemoShop, type DemoTruth } from '../../src/domain/demo';
import { createGraphQLHarness, errorCodes, GraphQLHarness } from '../support/graphql-harness';
import { purchasedBy, sql, trainAndWait } from '../support/shop-queries';

const RECS = `query($userId: ID!, $first: Int, $filter: RecommendationFilter, $modelId: ID) {
  recommendations(userId: $userId, first: $first, filter: $filter, modelId: $modelId) {
    source modelId fallback
    items { score explanation product { id price stock active category { id } } because { id } }
  }
}`;

async function recs(h: GraphQLHarness, variables: Record<string, unknown>) {
  const result = await h.gql(RECS, variables);
  expect(result.errors).toBeUndefined();
  return result.data.recommendations;
}

describe('live recommendations on the demo shop', () => {
  let h: GraphQLHarness;
  let truth: DemoTruth;
  const modelIds: Record<string, string> = {};
  let buyers: string[];

  beforeAll(async () => {
    h = await createGraphQLHarness();
    await loadDemoShop(h.db.dataSource, { users: 400, products: 120, days: 120, seed: 11 });
    truth = (await getDemoTruth(h.db.dataSource))!;
    for (const kind of ['POPULARITY', 'EASE', 'ALS', 'ITEM_KNN']) modelIds[kind] = await trainAndWait(h, kind);
    const rows = await sql<{ id: string }>(h, `
      SELECT o.user_id::text AS id FROM orders o WHERE NOT o.cancelled AND o.user_id IS NOT NULL
      GROUP BY o.user_id HAVING count(*) >= 3 ORDER BY o.user_id LIMIT 40`);
    buyers = rows.map((r) => r.id);
  }, 120_000);
  afterAll(() => h.close());

  it('gives a user with history 10 distinct products, none already bought, from a model, with reasons', async () => {
    const user = buyers[0];
    const list = await recs(h, { userId: user, first: 10 });
    expect(['EASE', 'ALS', 'ITEM_KNN']).toContain(list.source);
    expect(list.fallback).toBe(false);
    expect(list.modelId).toBe(modelIds[list.source]);
    const ids = list.items.map((i: any) => i.product.id);
    expect(new Set(ids).size).toBe(10);
    const bought = await purchasedBy(h, user);
    expect(ids.filter((id: string) => bought.has(id))).toEqual([]);
    const seen = new Set((await sql<{ p: string }>(h, `SELECT DISTINCT product_id::text AS p FROM events WHERE user_id = $1`, [user])).map((r) => r.p));
    const withReasons = list.items.filter((i: any) => i.because?.length > 0);
    expect(withReasons.length).toBeGreaterThan(0);
    for (const item of withReasons) {
      expect(item.because.length).toBeLessThanOrEqual(3);
      for (const b of item.because) expect(seen.has(b.id)).toBe(true);
      expect(item.explanation).toMatch(/^Because you /);
    }
    const scores = list.items.map((i: any) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('recommends mostly from the departments a planted group prefers', async () => {
    const ext = await sql<{ id: string; ext: string }>(h, `SELECT id::text AS id, external_id AS ext FROM users WHERE id = ANY($1::bigint[])`, [buyers]);
    const departmentOf = new Map(Object.entries(truth.categories).map(([leaf, c]) => [leaf, c.department]));
    const leafOf = new Map((await sql<{ id: string; ext: string }>(h, `SELECT p.id::text AS id, c.external_id AS ext FROM products p JOIN categories c ON c.id = p.category_id`)).map((r) => [r.id, r.ext]));
    let hits = 0;
    let total = 0;
    let baseline = 0;
    for (const { id, ext: userExt } of ext) {
      const group = truth.groups.find((g) => g.key === truth.users[userExt].group)!;
      const list = await recs(h, { userId: id, first: 10 });
      for (const item of list.items) {
        total++;
        if (group.preferredCategories.includes(departmentOf.get(leafOf.get(item.product.id)!)!)) hits++;
      }
      const allLeaves = [...leafOf.values()];
      baseline += allLeaves.filter((leaf) => group.preferredCategories.includes(departmentOf.get(leaf)!)).length / allLeaves.length;
    }
    // the planted preference must show: clearly above the share of preferred products in the catalogue
    expect(hits / total).toBeGreaterThan((baseline / ext.length) * 1.3);
  });

  it('applies category, price, stock and exclusion filters inside the ranking and still fills the list', async () => {
    const user = buyers[1];
    const [cat] = await sql<{ id: string; n: number }>(h, `
      SELECT c.id::text AS id, count(*)::int AS n FROM products p JOIN categories c ON c.id = p.category_id
      WHERE p.active GROUP BY c.id ORDER BY count(*) DESC LIMIT 1`);
    const bought = await purchasedBy(h, user);
    const [{ n: eligible }] = await sql<{ n: number }>(h, `
      SELECT count(*)::int AS n FROM products WHERE active AND category_id = $1 AND NOT (id::text = ANY($2::text[]))`, [cat.id, [...bought]]);
    const list = await recs(h, { userId: user, first: 10, filter: { categoryIds: [cat.id] } });
    expect(list.items.length).toBe(Math.min(10, eligible));
    for (const item of list.items) expect(item.product.category.id).toBe(cat.id);

    const free = await recs(h, { userId: user, first: 10 });
    const top3 = free.items.slice(0, 3).map((i: any) => i.product.id);
    const excluded = await recs(h, { userId: user, first: 10, filter: { excludeProductIds: top3 } });
    expect(excluded.items).toHaveLength(10);
    expect(excluded.items.map((i: any) => i.product.id).filter((id: string) => top3.includes(id))).toEqual([]);

    const prices = free.items.map((i: any) => i.product.price).sort((a: number, b: number) => a - b);
    const cap = prices[4];
    const cheap = await recs(h, { userId: user, first: 10, filter: { maxPrice: cap, inStockOnly: true } });
    const [{ n: affordable }] = await sql<{ n: number }>(h, `
      SELECT count(*)::int AS n FROM products WHERE active AND price <= $1 AND (stock IS NULL OR stock > 0)
      AND NOT (id::text = ANY($2::text[]))`, [cap, [...bought]]);
    expect(affordable).toBeGreaterThan(0);
    expect(cheap.items).toHaveLength(Math.min(10, affordable));
    for (const item of cheap.items) {
      expect(item.product.price).toBeLessThanOrEqual(cap);
      expect(item.product.stock === null || item.product.stock > 0).toBe(true);
      expect(item.product.active).toBe(true);
    }
  });

  it('serves a new user from the fallback chain, and their next request reflects new events within a second', async () => {
    await h.gql(`mutation { upsertUsers(input: [{ externalId: "rt-user", country: "DE" }]) { total } }`);
    const [{ id }] = await sql<{ id: string }>(h, `SELECT id::text AS id FROM users WHERE external_id = 'rt-user'`);
    const cold = await recs(h, { userId: id, first: 10 });
    expect(cold.fallback).toBe(true);
    expect(cold.source).toMatch(/^fallback:/);
    expect(cold.modelId).toBeNull();
    expect(cold.items).toHaveLength(10);

    const products = await sql<{ ext: string; id: string }>(h, `
      SELECT p.external_id AS ext, p.id::text AS id FROM products p WHERE p.active ORDER BY p.id LIMIT 3`);
    const events = products.map((p, i) => ({ userExternalId: 'rt-user', productExternalId: p.ext, type: i === 0 ? 'PURCHASE' : 'ADD_TO_CART' }));
    const recorded = await h.gql(`mutation($input: [EventInput!]!) { recordEvents(input: $input) { accepted } }`, { input: events });
    expect(recorded.data.recordEvents.accepted).toBe(3);
    const started = Date.now();
    const warm = await recs(h, { userId: id, first: 10 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(warm.fallback).toBe(false);
    expect(['EASE', 'ALS', 'ITEM_KNN']).toContain(warm.source);
    const ids = warm.items.map((i: any) => i.product.id);
    expect(ids).not.toContain(products[0].id); // bought a moment ago
    const because = new Set(warm.items.flatMap((i: any) => (i.because ?? []).map((b: any) => b.id)));
    expect([...because].every((b) => products.some((p) => p.id === b))).toBe(true);
    expect(because.size).toBeGreaterThan(0);
  });

  it('drops a product bought just now from an existing user\'s next list', async () => {
    const user = buyers[2];
    const before = await recs(h, { userId: user, first: 10 });
    const top = before.items[0].product.id;
    const [{ ue, pe }] = await sql<{ ue: string; pe: string }>(h, `
      SELECT (SELECT external_id FROM users WHERE id = $1) AS ue, (SELECT external_id FROM products WHERE id = $2) AS pe`, [user, top]);
    await h.gql(`mutation($input: [EventInput!]!) { recordEvents(input: $input) { accepted } }`, {
      input: [{ userExternalId: ue, productExternalId: pe, type: 'PURCHASE' }],
    });
    const after = await recs(h, { userId: user, first: 10 });
    expect(after.items.map((i: any) => i.product.id)).not.toContain(top);
    expect(after.items).toHaveLength(10);
  });

  it('answers unknown users with a cold-start list and rejects bad arguments with coded errors', async () => {
    const unknown = await recs(h, { userId: '987654321', first: 5 });
    expect(unknown.fallback).toBe(true);
    expect(unknown.items).toHaveLength(5);
    for (const [variables, code, field] of [
      [{ userId: 'abc' }, 'BAD_USER_INPUT', 'userId'],
      [{ userId: buyers[0], first: 0 }, 'BAD_USER_INPUT', 'first'],
      [{ userId: buyers[0], first: 101 }, 'BAD_USER_INPUT', 'first'],
      [{ userId: buyers[0], filter: { minPrice: 10, maxPrice: 5 } }, 'BAD_USER_INPUT', 'filter.maxPrice'],
      [{ userId: buyers[0], modelId: '99999999' }, 'NOT_FOUND', undefined],
    ] as const) {
      const result = await h.gql(RECS, variables);
      expect(errorCodes(result)).toEqual([code]);
      if (field) expect(JSON.stringify(result.errors![0].extensions)).toContain(field);
    }
  });

  it('ranks with a named model version when asked', async () => {
    const list = await recs(h, { userId: buyers[3], first: 10, modelId: modelIds.ALS });
    expect(list.source).toBe('ALS');
    expect(list.modelId).toBe(modelIds.ALS);
    expect(list.items).toHaveLength(10);
  });

  it('forgetUser erases events and the user, keeps their orders anonymised, and serves them cold at once', async () => {
    const user = buyers[5];
    const before = await recs(h, { userId: user, first: 5 });
    expect(before.fallback).toBe(false);
    const [{ orders }] = await sql<{ orders: number }>(h, `SELECT count(*)::int AS orders FROM orders WHERE user_id = $1`, [user]);
    const forgot = await h.gql(`mutation($id: ID!) { forgetUser(id: $id) }`, { id: user });
    expect(forgot.data.forgetUser).toBe(true);
    const [left] = await sql<{ events: number; users: number }>(h, `
      SELECT (SELECT count(*) FROM events WHERE user_id = $1)::int AS events, (SELECT count(*) FROM users WHERE id = $1)::int AS users`, [user]);
    expect(left).toEqual({ events: 0, users: 0 });
    const [{ anonymised }] = await sql<{ anonymised: number }>(h, `
      SELECT count(*)::int AS anonymised FROM orders o WHERE o.user_id IS NULL AND o.id IN (SELECT order_id FROM order_lines)`);
    expect(anonymised).toBeGreaterThanOrEqual(orders);
    const after = await recs(h, { userId: user, first: 5 });
    expect(after.fallback).toBe(true);
    const audit = await sql<{ action: string; target: string }>(h, `SELECT action, target FROM audit_log WHERE action = 'forgetUser'`);
    expect(audit).toEqual([{ action: 'forgetUser', target: user }]);
    expect(errorCodes(await h.gql(`mutation { forgetUser(id: "99999999") }`))).toEqual(['NOT_FOUND']);
  });

  it('similarProducts, Product.similar and trendingProducts', async () => {
    const [{ id }] = await sql<{ id: string }>(h, `SELECT product_id::text AS id FROM events GROUP BY product_id ORDER BY count(*) DESC LIMIT 1`);
    const similar = await h.gql(`query($id: ID!) { similarProducts(productId: $id, first: 8) { score product { id active } }
      product(id: $id) { similar(first: 3) { product { id } } } }`, { id });
    expect(similar.errors).toBeUndefined();
    const ids = similar.data.similarProducts.map((s: any) => s.product.id);
    expect(ids).toHaveLength(8);
    expect(ids).not.toContain(id);
    expect(new Set(ids).size).toBe(8);
    expect(similar.data.product.similar.map((s: any) => s.product.id)).toEqual(ids.slice(0, 3));

    const trending = await h.gql(`{ trendingProducts(first: 5) { score product { id active } } }`);
    expect(trending.errors).toBeUndefined();
    const scores = trending.data.trendingProducts.map((t: any) => t.score);
    expect(scores).toHaveLength(5);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const together = await h.gql(`query($id: ID!) { product(id: $id) { boughtTogether(first: 5) { score product { id active } } } }`, { id });
    expect(together.errors).toBeUndefined();
    const pairs = together.data.product.boughtTogether;
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.every((p: any) => p.product.active && p.product.id !== id)).toBe(true);
    expect(pairs.map((p: any) => p.score)).toEqual([...pairs.map((p: any) => p.score)].sort((a, b) => b - a));
    expect(errorCodes(await h.gql(`{ similarProducts(productId: "99999999") { score } }`))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await h.gql(`{ trendingProducts(window: 0) { score } }`))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await h.gql(`{ trendingProducts(categoryId: "99999999") { score } }`))).toEqual(['NOT_FOUND']);
  });
});
