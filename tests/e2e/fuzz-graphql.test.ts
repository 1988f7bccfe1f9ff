import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pino from 'pino';
import { DEFAULT_LIMITS, loadConfig, type AisleConfig } from '../../src/config';
import { loadDemoShop } from '../../src/domain/demo';
import { startAisle, type RunningAisle } from '../../src/main';
import { Fuzzer, FuzzIds, hostileDocument, OPERATIONS, prng } from '../support/graphql-fuzz';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Issue 6: random and hostile variable sets (2,000 here; FUZZ_REQUESTS=10000 for the 10,000) (and some hostile documents) through the real HTTP server on a
 * demo shop. Every response must be data, or errors whose code is one of the documented ones — never
 * INTERNAL_SERVER_ERROR or a response that is not GraphQL JSON; the server must still answer afterwards, and the heap
 * after a full GC must not grow with the number of requests.
 */
// 2,000 in `npm test` (20–50 s on 2 shared cores); FUZZ_REQUESTS=10000 runs the full 10,000 (docs/faults.md)
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2_000);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 8);
const DOCUMENTED = new Set([
  'BAD_USER_INPUT', 'NOT_FOUND', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'GRAPHQL_PARSE_FAILED', 'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX', 'RATE_LIMITED', 'MODEL_NOT_READY', 'UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE',
]);

/** A full GC, made available without --expose-gc. */
function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

interface Outcome { op: string; index: number; status: number; codes: string[]; data: boolean; ms: number; raw?: string }

function byOpOf(outcomes: Outcome[]): Map<string, { ok: number; refused: number }> {
  const byOp = new Map<string, { ok: number; refused: number }>();
  for (const o of outcomes) {
    const s = byOp.get(o.op) ?? { ok: 0, refused: 0 };
    if (o.data) s.ok++; else s.refused++;
    byOp.set(o.op, s);
  }
  return byOp;
}

describe('fuzzed GraphQL requests over HTTP', () => {
  let db: TestDatabase;
  let aisle: RunningAisle;
  let ids: FuzzIds;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoShop(db.dataSource, { users: 150, products: 60, days: 60, seed: 11 });
    const base = loadConfig({ NODE_ENV: 'test' });
    const config: AisleConfig = {
      ...base, port: 0, host: '127.0.0.1', databaseUrl: db.url, demoOnEmpty: false,
      jobs: { ...base.jobs, queue: 'memory' },
      // rate limits have their own tests; here they would answer RATE_LIMITED before the resolvers are reached
      limits: { ...DEFAULT_LIMITS, rate: { ...DEFAULT_LIMITS.rate, ADMIN: { perSecond: 1e6, burst: 1e6 } } },
    };
    aisle = await startAisle(config, pino({ level: 'silent' }));
    const column = async (sql: string) => (await db.dataSource.query(sql)).map((r: { v: string }) => String(r.v));
    ids = {
      productIds: await column(`SELECT id AS v FROM products ORDER BY id LIMIT 40`),
      productExternalIds: await column(`SELECT external_id AS v FROM products ORDER BY id LIMIT 40`),
      userIds: await column(`SELECT id AS v FROM users ORDER BY id LIMIT 40`),
      userExternalIds: await column(`SELECT external_id AS v FROM users ORDER BY id LIMIT 40`),
      categoryIds: await column(`SELECT id AS v FROM categories ORDER BY id LIMIT 20`),
      modelIds: ['1', '2', '3'],
    };
  }, 120_000);

  afterAll(async () => {
    await aisle?.stop();
    await db?.drop();
  }, 60_000);

  async function send(fuzz: Fuzzer, index: number): Promise<Outcome> {
    const hostile = fuzz.chance(0.05);
    const op = hostile ? { name: 'hostile document', query: hostileDocument(fuzz), variables: () => ({}) } : fuzz.pick(OPERATIONS);
    const body = JSON.stringify({ query: op.query, variables: op.variables(fuzz) });
    const started = performance.now();
    const response = await fetch(aisle.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await response.text();
    try {
      const json = JSON.parse(text);
      const codes: string[] = (json.errors ?? []).map((e: any) => String(e.extensions?.code));
      const ms = performance.now() - started;
      const raw = codes.some((c) => !DOCUMENTED.has(c)) ? `${body.slice(0, 400)} => ${text.slice(0, 600)}` : undefined;
      return { op: op.name, index, status: response.status, codes: [...new Set(codes)], data: !!json.data && !json.errors, ms, raw };
    } catch {
      return { op: op.name, index, status: response.status, codes: ['NOT_JSON'], data: false, ms: 0, raw: text.slice(0, 300) };
    }
  }

  async function storm(seed: number, count: number): Promise<Outcome[]> {
    const fuzz = new Fuzzer(prng(seed), ids);
    const outcomes: Outcome[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) outcomes.push(await send(fuzz, next++));
    }));
    return outcomes;
  }

  it('gives the codeless graphql-js request errors codes (regressions the fuzz found)', async () => {
    const post = async (query: string, variables?: unknown): Promise<any> => (await fetch(aisle.url, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }),
    })).json();
    const subscription = await post('subscription { x }');
    expect(subscription.errors.map((e: any) => [e.extensions.code, e.message])).toEqual([
      ['BAD_REQUEST', 'Schema is not configured to execute subscription operation.'],
    ]);
    // more than 50 invalid rows: graphql-js stops coercing with a codeless error after the 50th
    const batch = await post(`mutation($input: [ProductInput!]!) { upsertProducts(input: $input) { created } }`,
      { input: new Array(60).fill({}) });
    const codes = new Set(batch.errors.map((e: any) => e.extensions.code));
    expect([...codes]).toEqual(['BAD_USER_INPUT']);
    expect(batch.errors.at(-1).message).toMatch(/^Too many errors processing variables/);
  });

  it('answers every request with data or a documented code, stays up, and keeps its heap flat', async () => {
    await storm(1, 400); // warm-up: caches, prepared plans, JIT
    gc();
    const heapBefore = process.memoryUsage().heapUsed;

    const stormStarted = Date.now();
    const outcomes = await storm(42, REQUESTS);
    if (process.env.FUZZ_DEBUG) console.log(`storm: ${REQUESTS} requests in ${Date.now() - stormStarted} ms`);
    expect(outcomes).toHaveLength(REQUESTS);
    if (process.env.FUZZ_DEBUG) {
      const t = new Map<string, number[]>();
      for (const o of outcomes) t.set(o.op, [...(t.get(o.op) ?? []), o.ms]);
      console.log([...t].map(([k, v]) => `${k}: n=${v.length} mean=${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(1)} max=${Math.max(...v).toFixed(0)}`).join('\n'));
      console.log(JSON.stringify([...byOpOf(outcomes)]));
      console.log(outcomes.filter((o) => o.raw).slice(0, 8).map((o) => o.raw).join('\n\n'));
    }
    const undocumented = outcomes.filter((o) => o.codes.some((c) => !DOCUMENTED.has(c)));
    expect(undocumented.slice(0, 5)).toEqual([]);
    expect(outcomes.filter((o) => o.status >= 500)).toEqual([]);

    // the fuzz reached the resolvers: every operation succeeded sometimes and was refused sometimes
    const byOp = byOpOf(outcomes);
    for (const op of OPERATIONS.filter((o) => !/bad ids|invalid params/.test(o.name))) {
      expect({ op: op.name, succeeded: (byOp.get(op.name)?.ok ?? 0) >= 2 }).toEqual({ op: op.name, succeeded: true });
      expect({ op: op.name, refused: (byOp.get(op.name)?.refused ?? 0) >= 3 }).toEqual({ op: op.name, refused: true });
    }
    const codes = new Set(outcomes.flatMap((o) => o.codes));
    for (const code of ['BAD_USER_INPUT', 'NOT_FOUND', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']) {
      expect(codes).toContain(code);
    }

    gc();
    const grown = process.memoryUsage().heapUsed - heapBefore;
    if (process.env.FUZZ_DEBUG) console.log(`heap after GC grew ${(grown / 2 ** 20).toFixed(1)} MB over ${REQUESTS} requests`);
    expect(grown).toBeLessThan(48 * 1024 * 1024);

    const health = await fetch(aisle.url, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ health { status } }' }),
    });
    expect(await health.json()).toMatchObject({ data: { health: { status: expect.any(String) } } });
    expect((await fetch(aisle.url.replace('/graphql', '/healthz'))).status).toBe(200);
  }, 180_000);
});
