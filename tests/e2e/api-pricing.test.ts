import { generateDemoShop, loadDemoShop, type DemoTruth } from '../../src/domain/demo';
import { createGraphQLHarness, errorCodes, GraphQLHarness } from '../support/graphql-harness';

const DEMO = { users: 4000, products: 40, days: 365, seed: 3, endDate: '2025-06-01' } as const;

const RECOMMEND = `query($id: ID!, $c: PriceConstraints) {
  priceRecommendation(productId: $id, constraints: $c) {
    currentPrice recommendedPrice elasticity elasticityInterval expectedRevenueChange expectedProfitChange reason
    curve { price expectedQuantity expectedRevenue expectedProfit }
  }
}`;

describe('priceRecommendation on the demo shop', () => {
  let h: GraphQLHarness;
  let truth: DemoTruth;
  const idOf = new Map<string, string>();
  beforeAll(async () => {
    h = await createGraphQLHarness();
    await loadDemoShop(h.db.dataSource, DEMO);
    truth = generateDemoShop(DEMO).truth;
    const rows: Array<{ id: string; external_id: string }> = await h.db.dataSource.query('SELECT id::text, external_id FROM products');
    for (const r of rows) idOf.set(r.external_id, r.id);
  }, 120_000);
  afterAll(() => h.close());

  /** The best-selling regular product: enough sales and planted price changes. */
  function bestRegular(): string {
    const regular = Object.entries(truth.products).filter(([, p]) => p.kind === 'regular' && p.priceHistory.length > 2);
    return regular.sort((a, b) => b[1].popularity - a[1].popularity)[0][0];
  }

  it('recommends a price inside the constraints from an elasticity near the planted one', async () => {
    const ext = bestRegular();
    const constraints = { maxChangePct: 15, minMarginPct: 10 };
    const { data, errors } = await h.gql(RECOMMEND, { id: idOf.get(ext), c: constraints });
    expect(errors).toBeUndefined();
    const r = data.priceRecommendation;
    const [cost] = (await h.db.dataSource.query('SELECT cost::float8 AS cost FROM products WHERE external_id = $1', [ext])).map((x: any) => x.cost);
    expect(Math.abs(r.recommendedPrice / r.currentPrice - 1)).toBeLessThanOrEqual(0.15 + 1e-9);
    expect((r.recommendedPrice - cost) / r.recommendedPrice).toBeGreaterThanOrEqual(0.1 - 1e-9);
    expect(Math.abs(r.elasticity - truth.products[ext].elasticity)).toBeLessThan(0.6);
    expect(r.elasticityInterval[0]).toBeLessThan(r.elasticity);
    expect(r.elasticityInterval[1]).toBeGreaterThan(r.elasticity);
    const inside = r.curve.filter((p: any) => Math.abs(p.price / r.currentPrice - 1) <= 0.15 + 1e-9 && (p.price - cost) / p.price >= 0.1 - 1e-9);
    const bestOnCurve = Math.max(...inside.map((p: any) => p.expectedProfit));
    const atRecommended = r.curve.find((p: any) => p.price === r.recommendedPrice);
    expect(atRecommended.expectedProfit).toBeGreaterThanOrEqual(bestOnCurve - 1e-9);
    for (const p of r.curve) expect(p.expectedRevenue).toBeCloseTo(p.price * p.expectedQuantity, 6);
    expect(r.reason).toMatch(/elasticity|units sold/);
  });

  it('answers the same through Product.priceRecommendation', async () => {
    const id = idOf.get(bestRegular());
    const top = await h.gql(RECOMMEND, { id, c: { maxChangePct: 5 } });
    const field = await h.gql(`query($id: ID!) { product(id: $id) { priceRecommendation(constraints: { maxChangePct: 5 }) { recommendedPrice elasticity } } }`, { id });
    expect(field.errors).toBeUndefined();
    expect(field.data.product.priceRecommendation).toEqual({
      recommendedPrice: top.data.priceRecommendation.recommendedPrice,
      elasticity: top.data.priceRecommendation.elasticity,
    });
  });

  it('answers MODEL_NOT_READY for a product whose price never changed, and for one without sales', async () => {
    const trending = truth.trending[0].product;
    const flat = await h.gql(RECOMMEND, { id: idOf.get(trending) });
    expect(errorCodes(flat)).toEqual(['MODEL_NOT_READY']);
    expect(flat.errors![0].message).toContain('insufficient price variation');
    const created = await h.gql(`mutation { upsertProducts(input: [{ externalId: "new-1", name: "New", price: 9.5 }]) { created } }`);
    expect(created.errors).toBeUndefined();
    const [{ id }] = await h.db.dataSource.query(`SELECT id::text FROM products WHERE external_id = 'new-1'`);
    const none = await h.gql(RECOMMEND, { id });
    expect(errorCodes(none)).toEqual(['MODEL_NOT_READY']);
    expect(none.errors![0].message).toMatch(/no sales/);
  });

  it('answers NOT_FOUND for an unknown product and BAD_USER_INPUT for bad ids and contradictory constraints', async () => {
    expect(errorCodes(await h.gql(RECOMMEND, { id: '987654321' }))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await h.gql(RECOMMEND, { id: 'abc' }))).toEqual(['BAD_USER_INPUT']);
    const clash = await h.gql(RECOMMEND, { id: idOf.get(bestRegular()), c: { minPrice: 50, maxPrice: 10 } });
    expect(errorCodes(clash)).toEqual(['BAD_USER_INPUT']);
    expect(clash.errors![0].extensions!.field).toBe('constraints.minPrice');
    expect(clash.errors![0].message).toContain('cannot all hold');
  });
});
