import { getOperationAST, parse, type GraphQLSchema } from 'graphql';
import { CostCache, costEstimator, costVariables, operationCost, operationDepth, pageTypesOf } from '../../src/api/limits/query-cost';
import { TokenBuckets } from '../../src/api/limits/token-buckets';
import { buildAisleSchema } from '../../src/api/schema';
import { ConfigError, DEFAULT_LIMITS, loadLimits } from '../../src/config';

describe('query cost and depth', () => {
  let schema: GraphQLSchema;
  const settings = { defaultPageSize: 20, unpagedListSize: 10 };
  const cost = (query: string, variables: Record<string, unknown> = {}) =>
    operationCost(schema, costEstimator(schema, settings), parse(query), undefined, variables);
  const depth = (query: string) => {
    const document = parse(query);
    return operationDepth(document, getOperationAST(document)!);
  };

  beforeAll(async () => {
    schema = await buildAisleSchema();
  });

  it('treats connections and recommendation lists as pages whose own lists are already counted', () => {
    const pages = pageTypesOf(schema);
    for (const name of ['ProductConnection', 'UserConnection', 'OrderConnection', 'RecommendationList']) expect(pages.has(name)).toBe(true);
    expect(pages.has('Product')).toBe(false);
  });

  it('multiplies by first (20 when absent), counts leaves as free, unpaged lists as 10', () => {
    expect(cost('{ __typename health { database } }')).toBe(1);
    // 20 × (edges 1 × (1 + node (1 + category 1)))… = 20 × (1 + 3)
    expect(cost('{ products { edges { node { id category { name } } } } }')).toBe(80);
    expect(cost('{ products(first: 5) { edges { node { id category { name } } } } }')).toBe(20);
    expect(cost('query($n: Int) { products(first: $n) { edges { node { id } } } }', { n: 50 })).toBe(50 * 3);
    // order lines take no `first`: 10 assumed
    // users 2 × (edges 1 + node 1 + orders 1 × (edges 1 + node 1 + lines 10 × (1 + product 1)))
    expect(cost('{ users(first: 2) { edges { node { orders(first: 1) { edges { node { lines { product { id } } } } } } } } }')).toBe(52);
    expect(cost('{ categories { id } }')).toBe(10);
  });

  it('follows fragments for cost and depth, and ignores introspection', () => {
    const withFragment = '{ products(first: 3) { ...P } } fragment P on ProductConnection { edges { node { category { parent { id } } } } }';
    expect(cost(withFragment)).toBe(3 * (1 + 1 + 1 + 1 + 1));
    expect(depth(withFragment)).toBe(6);
    expect(depth('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }')).toBe(0);
    expect(cost('{ __schema { types { fields { name } } } }')).toBe(0);
    expect(depth('{ product(id: "1") { ... on Product { category { name } } } }')).toBe(3);
  });
});

describe('cost cache', () => {
  it('prices a document once per value of the variables that change its cost', () => {
    const document = parse('query($u: ID!, $n: Int, $x: Boolean!) { recommendations(userId: $u, first: $n) { items @include(if: $x) { score } } }');
    expect(costVariables(document)).toEqual(['n', 'x']);
    const cache = new CostCache();
    let computed = 0;
    const price = (variables: Record<string, unknown>) => cache.cost(document, undefined, variables, () => ++computed);
    expect([price({ u: '1', n: 5, x: true }), price({ u: '2', n: 5, x: true }), price({ u: '3', n: 5, x: true })]).toEqual([1, 1, 1]);
    expect(price({ u: '1', n: 50, x: true })).toBe(2);
    expect(price({ u: '1', n: null, x: true })).toBe(3);
    expect(price({ u: '1', x: true })).toBe(4);
    expect(price({ u: '1', n: 5, x: false })).toBe(5);
  });
});

describe('token buckets', () => {
  it('allows a burst, refuses with whole seconds to wait, refills at the rate, keeps keys apart', () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now);
    const rate = { perSecond: 2, burst: 3 };
    expect([1, 2, 3].map(() => buckets.take('a', rate).allowed)).toEqual([true, true, true]);
    expect(buckets.take('a', rate)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(buckets.take('b', rate).allowed).toBe(true);
    now = 500; // half a second refills one token
    expect(buckets.take('a', rate).allowed).toBe(true);
    expect(buckets.take('a', rate).allowed).toBe(false);
    const slow = { perSecond: 0.1, burst: 1 } as const;
    expect(buckets.take('c', slow).allowed).toBe(true);
    expect(buckets.take('c', slow)).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('never refuses when the rate is 0 (unlimited)', () => {
    const buckets = new TokenBuckets(() => 0);
    const answers = Array.from({ length: 10_000 }, () => buckets.take('open', { perSecond: 0, burst: 0 }).allowed);
    expect(answers.every(Boolean)).toBe(true);
  });
});

describe('limit settings', () => {
  it('has documented defaults and reads overrides from the environment', () => {
    expect(loadLimits({})).toEqual(DEFAULT_LIMITS);
    const limits = loadLimits({ AISLE_LIMIT_STOREFRONT_COST: '500', AISLE_LIMIT_ADMIN_DEPTH: '20', AISLE_RATE_INGEST_PER_SEC: '7', AISLE_RATE_OPEN_BURST: '9' });
    expect(limits.query.STOREFRONT).toEqual({ maxDepth: 8, maxCost: 500 });
    expect(limits.query.ADMIN.maxDepth).toBe(20);
    expect(limits.rate.INGEST).toEqual({ perSecond: 7, burst: 40 });
    expect(limits.openRate).toEqual({ perSecond: 0, burst: 9 });
    expect(() => loadLimits({ AISLE_LIMIT_ANALYST_COST: 'lots' })).toThrow(ConfigError);
    expect(() => loadLimits({ AISLE_RATE_ADMIN_PER_SEC: '-1' })).toThrow(/AISLE_RATE_ADMIN_PER_SEC/);
  });
});
