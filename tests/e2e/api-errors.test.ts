import pino from 'pino';
import { ApiKeyService } from '../../src/domain/auth/api-key.service';
import fs from 'node:fs';
import path from 'node:path';
import { createGraphQLHarness, errorCodes, GraphQLHarness, TEST_CAPABILITIES } from '../support/graphql-harness';

const VERSION = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')).version;

describe('errors and health', () => {
  let h: GraphQLHarness;
  let capabilitiesFail = false;
  beforeAll(async () => {
    h = await createGraphQLHarness({
      capabilities: () => {
        if (capabilitiesFail) throw new Error('addon not built');
        return TEST_CAPABILITIES;
      },
    });
  });
  afterAll(() => h.close());

  it('reports health: version, database, latency and the injected addon capabilities', async () => {
    const { data, errors } = await h.gql(`{ health { status version database databaseLatencyMs
      addon { threads simd cuda cudaCompiled deviceCount deviceName cudaReason version } } }`);
    expect(errors).toBeUndefined();
    expect(data.health).toMatchObject({ status: 'ok', version: VERSION, database: 'ok' });
    expect(data.health.databaseLatencyMs).toBeGreaterThanOrEqual(0);
    expect(data.health.addon).toEqual({
      threads: 3,
      simd: 'avx2',
      cuda: false,
      cudaCompiled: false,
      deviceCount: 0,
      deviceName: null,
      cudaReason: 'not compiled',
      version: '0.0.0-test',
    });
    capabilitiesFail = true;
    const broken = await h.gql(`{ health { status addon { threads } } }`);
    capabilitiesFail = false;
    expect(broken.data.health).toEqual({ status: 'ok', addon: null });
  });

  it('keeps the standard codes of parse, validation and variable errors', async () => {
    expect(errorCodes(await h.gql(`{ products { `))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(errorCodes(await h.gql(`{ products { nope } }`))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const variable = await h.gql(`query($f: Int) { products(first: $f) { totalCount } }`, { f: 'ten' });
    expect(errorCodes(variable)).toEqual(['BAD_USER_INPUT']);
    const date = await h.gql(`mutation($i: [EventInput!]!) { recordEvents(input: $i) { accepted } }`, {
      i: [{ userExternalId: 'u', productExternalId: 'p', type: 'VIEW', occurredAt: 'yesterday' }],
    });
    expect(errorCodes(date)).toEqual(['BAD_USER_INPUT']);
  });

  it('rejects NUL characters and non-object attributes as input, not as database errors', async () => {
    const nul = await h.gql(`mutation($i: [ProductInput!]!) { upsertProducts(input: $i) { created } }`, {
      i: [{ externalId: 'a\u0000b', name: 'x', price: 1 }],
    });
    expect(nul.errors![0]).toMatchObject({ message: 'input[0].externalId: must not contain NUL characters' });
    const attrs = await h.gql(`mutation($i: [ProductInput!]!) { upsertProducts(input: $i) { created } }`, {
      i: [{ externalId: 'a', name: 'x', price: 1, attributes: [1, 2] }],
    });
    expect(attrs.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input[0].attributes' });
    const huge = await h.gql(`mutation($i: [ProductInput!]!) { upsertProducts(input: $i) { created } }`, {
      i: [{ externalId: 'a', name: 'x', price: 1e12 }],
    });
    expect(huge.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input[0].price' });
  });

  it('masks unexpected errors, tags them with the request id and logs the original', async () => {
    await h.db.dataSource.query('DROP TABLE order_lines, events, products CASCADE');
    const result = await h.gql(`{ products { totalCount } }`, undefined, { 'x-request-id': 'req-test-42' });
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].message).toBe('Internal server error');
    expect(result.errors![0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-test-42' });
    expect(JSON.stringify(result)).not.toMatch(/relation|products" does not exist/);
    expect(result.headers.get('x-request-id')).toBe('req-test-42');
    const logged = h.logs.find((line) => line.requestId === 'req-test-42' && line.level === 50);
    expect(logged).toBeDefined();
    expect(logged!.err.message).toBe('relation "products" does not exist');
    expect(logged!.err.stack).toMatch(/product\.service/);
    expect(logged!.err.parameters).toBeUndefined();
  });

  it('gives every request an id, fresh when the header is missing or unsafe', async () => {
    const a = await h.gql(`{ products { totalCount } }`);
    const b = await h.gql(`{ products { totalCount } }`, undefined, { 'x-request-id': 'bad id with spaces' });
    const ids = [a, b].map((r) => r.errors![0].extensions!.requestId);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('answers health with database "unavailable" once the database is gone', async () => {
    await h.db.dataSource.destroy();
    const { data, errors } = await h.gql(`{ health { status database databaseLatencyMs version } }`);
    expect(errors).toBeUndefined();
    expect(data.health).toEqual({ status: 'degraded', database: 'unavailable', databaseLatencyMs: null, version: VERSION });
  });
});

describe('production mode', () => {
  let h: GraphQLHarness;
  beforeAll(async () => {
    h = await createGraphQLHarness({ production: true });
  });
  afterAll(() => h.close());

  it('turns introspection off and sends no stack traces', async () => {
    const introspection = await h.gql(`{ __schema { types { name } } }`);
    expect(errorCodes(introspection)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(errorCodes(await h.gql(`{ product { id } }`))).toEqual(['UNAUTHENTICATED']);
    const request = { requestId: 't', logger: pino({ level: 'silent' }), dataSource: h.db.dataSource, limits: { maxBatch: 10 } };
    const key = await new ApiKeyService().create(request, 'ADMIN', 'production test');
    const bad = await h.gql(`{ product { id } }`, {}, { authorization: `Bearer ${key.secret}` });
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0].extensions!.stacktrace).toBeUndefined();
  });
});
