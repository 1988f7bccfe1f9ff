import pino from 'pino';
import { createContextFactory, type ApiContext } from '../../src/api/context';
import { createApolloServer } from '../../src/api/graphql-server';
import { buildAisleSchema } from '../../src/api/schema';
import type { ApolloServer } from '@apollo/server';
import { DEFAULT_LIMITS, loadConfig, type AisleConfig, type LimitSettings } from '../../src/config';
import type { Principal } from '../../src/domain/auth/principal';
import { startAisle, type RunningAisle } from '../../src/main';
import { TEST_CAPABILITIES } from '../support/graphql-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Limits and observability through the real HTTP server (startAisle on a test database): depth and cost refused
 * with codes before execution, RATE_LIMITED with Retry-After, /metrics and /readyz. Per-role budgets and per-key
 * buckets go through a real Apollo server whose context carries keyed principals (keys themselves land elsewhere).
 */
const silent = pino({ level: 'silent' });
const NORMAL = `query Normal { products(first: 20) { edges { node { id name category { name } } } } }`;
const STOREFRONT_HEAVY = `{ products(first: 100) { edges { node { similar(first: 20) { product { id } } } } } }`;
const ADMIN_HEAVY = `query Heavy($n: Int!) { products(first: 100) { edges { node { similar(first: $n) { product { similar(first: $n) { product { id } } } } } } } }`;

/** `{ categories { parent { parent … { id } } } }` nested `depth` fields deep. */
function deepQuery(depth: number): string {
  return `query Deep { categories { ${'parent { '.repeat(depth - 2)}id${' }'.repeat(depth - 2)} } }`;
}

async function post(url: string, query: string, variables?: Record<string, unknown>): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

function configFor(db: TestDatabase, limits: LimitSettings): AisleConfig {
  return { ...loadConfig({ NODE_ENV: 'test' }), port: 0, host: '127.0.0.1', databaseUrl: db.url, demoOnEmpty: false, limits };
}

describe('query limits, rate limits, /metrics and /readyz over HTTP', () => {
  let db: TestDatabase;
  let aisle: RunningAisle;
  let throttled: RunningAisle;

  beforeAll(async () => {
    db = await createTestDatabase();
    aisle = await startAisle(configFor(db, DEFAULT_LIMITS), silent);
    // the second server works no jobs, so the job metrics below are the first server's
    const second = configFor(db, { ...DEFAULT_LIMITS, openRate: { perSecond: 1, burst: 2 } });
    throttled = await startAisle({ ...second, jobs: { ...second.jobs, runJobs: false } }, silent);
  }, 60_000);

  afterAll(async () => {
    await throttled?.stop();
    await aisle?.stop();
    await db?.drop();
  });

  it('/readyz reports database and addon, and shows that no model is loaded yet without failing', async () => {
    const response = await fetch(aisle.url.replace('/graphql', '/readyz'));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ ready: true, checks: { database: 'ok', addon: 'ok', model: 'none' }, models: [] });
  });

  it('refuses a 20-level query with QUERY_TOO_DEEP naming the limit and the depth; 12 levels pass', async () => {
    const deep = await post(aisle.url, deepQuery(20));
    expect(deep.status).toBe(400);
    expect(deep.body.data).toBeUndefined();
    expect(deep.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 12, measured: 20 });
    expect(deep.body.errors[0].message).toMatch(/depth 20 exceeds the limit of 12/);
    const fine = await post(aisle.url, deepQuery(12));
    expect(fine.body.errors).toBeUndefined();
    expect(fine.body.data.categories).toEqual([]);
  });

  it('refuses a costly query with QUERY_TOO_COMPLEX (cost from the variables) while a normal one passes', async () => {
    await post(aisle.url, `mutation { upsertProducts(input: [{ externalId: "p1", name: "One", price: 2 }]) { created } }`);
    const normal = await post(aisle.url, NORMAL);
    expect(normal.status).toBe(200);
    expect(normal.body.data.products.edges).toHaveLength(1);
    const heavy = await post(aisle.url, ADMIN_HEAVY, { n: 100 });
    expect(heavy.status).toBe(400);
    expect(heavy.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 200_000, measured: 2_020_300 });
    // the same document with a small page is cheap: cost follows the variables
    const light = await post(aisle.url, ADMIN_HEAVY, { n: 2 });
    expect(light.body.errors).toBeUndefined();
  });

  it('answers RATE_LIMITED with retryAfter and a Retry-After header once the bucket is empty', async () => {
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await post(throttled.url, `{ __typename }`));
    expect(answers.slice(0, 2).map((a) => a.status)).toEqual([200, 200]);
    const refused = answers[2];
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1, limit: 1 });
    expect(refused.headers.get('retry-after')).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await post(throttled.url, `{ __typename }`)).status).toBe(200);
  });

  it('still answers introspection in development', async () => {
    const result = await post(aisle.url, `{ __schema { queryType { name } types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }`);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.__schema.queryType.name).toBe('Query');
  });

  it('/metrics shows latency per operation, errors by code, HTTP requests, jobs, model age and the addon; /readyz the model', async () => {
    await post(aisle.url, NORMAL);
    await post(aisle.url, deepQuery(20));
    await post(aisle.url, `mutation { recordEvents(createMissing: true, input: [
      { userExternalId: "u1", productExternalId: "p1", type: PURCHASE }, { userExternalId: "u2", productExternalId: "p2", type: VIEW }]) { accepted } }`);
    const job = await post(aisle.url, `mutation { trainModel(kind: POPULARITY) { id } }`);
    expect(job.body.errors).toBeUndefined();
    for (let i = 0; i < 300; i++) {
      const polled = await post(aisle.url, `query($id: ID!) { job(id: $id) { status } }`, { id: job.body.data.trainModel.id });
      if (['SUCCEEDED', 'FAILED'].includes(polled.body.data.job.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const response = await fetch(aisle.url.replace('/graphql', '/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/aisle_graphql_request_duration_seconds_bucket\{le="0\.1",operation="Normal",type="query"\} [1-9]/);
    expect(text).toMatch(/aisle_graphql_request_duration_seconds_count\{operation="Normal",type="query"\} [2-9]/);
    expect(text).toMatch(/aisle_graphql_errors_total\{code="QUERY_TOO_DEEP"\} [1-9]/);
    expect(text).toMatch(/aisle_graphql_errors_total\{code="QUERY_TOO_COMPLEX"\} 1/);
    expect(text).toMatch(/aisle_http_request_duration_seconds_count\{route="\/graphql",method="POST",status="400"\} [1-9]/);
    expect(text).toMatch(/aisle_job_duration_seconds_count\{kind="[\w:-]+",status="SUCCEEDED"\} 1/);
    expect(text).toMatch(/aisle_active_model_age_seconds\{kind="POPULARITY"\} \d/);
    expect(text).toMatch(/aisle_addon_threads \d+/);
    expect(text).toMatch(/aisle_addon_cuda_available [01]/);
    expect(text).toMatch(/aisle_addon_info\{version="[^"]+",simd="\w+",cuda_compiled="(true|false)"\} 1/);
    expect(text).toMatch(/process_resident_memory_bytes \d/);
    const ready = await (await fetch(aisle.url.replace('/graphql', '/readyz'))).json();
    expect(ready).toMatchObject({ ready: true, checks: { model: 'ok' }, models: ['POPULARITY'] });
    // each server has a registry of its own
    const other = await (await fetch(throttled.url.replace('/graphql', '/metrics'))).text();
    expect(other).not.toMatch(/operation="Normal"/);
  });

});

describe('per-role budgets and per-key buckets', () => {
  let db: TestDatabase;
  let server: ApolloServer<ApiContext>;
  let context: (request: { headers: Record<string, string | undefined> }) => Promise<ApiContext>;
  const limits: LimitSettings = { ...DEFAULT_LIMITS, rate: { ...DEFAULT_LIMITS.rate, STOREFRONT: { perSecond: 1, burst: 2 } } };

  beforeAll(async () => {
    db = await createTestDatabase();
    server = createApolloServer({ schema: await buildAisleSchema(), logger: silent, production: false, limits });
    await server.start();
    context = createContextFactory({ dataSource: db.dataSource, config: { maxBatch: 100 }, logger: silent, capabilities: () => TEST_CAPABILITIES });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  async function run(principal: Principal, query: string): Promise<any> {
    const contextValue = { ...(await context({ headers: {} })), principal };
    const response = await server.executeOperation({ query }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('single result expected');
    return { status: response.http.status, ...JSON.parse(JSON.stringify(response.body.singleResult)) };
  }

  const storefront = (keyId: string): Principal => ({ keyId, name: `shop ${keyId}`, role: 'STOREFRONT' });
  const admin: Principal = { keyId: 'admin-1', name: 'ops', role: 'ADMIN' };

  it('gives a STOREFRONT key a smaller cost and depth budget than ADMIN', async () => {
    const shop = await run(storefront('s-cost'), STOREFRONT_HEAVY);
    expect(shop.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 3_000, measured: 4_300 });
    expect((await run(admin, STOREFRONT_HEAVY)).errors).toBeUndefined();
    const deep = await run(storefront('s-depth'), deepQuery(10));
    expect(deep.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 8, measured: 10 });
    expect((await run(admin, deepQuery(10))).errors).toBeUndefined();
  });

  it('keeps one bucket per key: one key is throttled, another key of the same role is not', async () => {
    const first = [await run(storefront('s-a'), '{ __typename }'), await run(storefront('s-a'), '{ __typename }')];
    expect(first.map((r) => r.errors)).toEqual([undefined, undefined]);
    const refused = await run(storefront('s-a'), '{ __typename }');
    expect(refused.status).toBe(429);
    expect(refused.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1 });
    expect((await run(storefront('s-b'), '{ __typename }')).errors).toBeUndefined();
    // ADMIN keys draw from the ADMIN rate (50/s by default)
    for (let i = 0; i < 5; i++) expect((await run(admin, '{ __typename }')).errors).toBeUndefined();
  });
});
