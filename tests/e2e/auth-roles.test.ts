import { getMetadataStorage } from 'type-graphql';
import { buildAisleSchema } from '../../src/api/schema';
import { registerKeys } from '../../src/cli/commands/keys.command';
import { createGraphQLHarness, errorCodes, GraphQLHarness } from '../support/graphql-harness';
import { runCli } from '../support/cli-in-process';

const OPS = {
  products: `{ products(first: 1) { totalCount } }`,
  users: `{ users(first: 1) { totalCount } }`,
  userEmail: `{ users(first: 1) { edges { node { email } } } }`,
  upsertProducts: `mutation { upsertProducts(input: [{ externalId: "auth-p", name: "P", price: 1 }]) { total } }`,
  recordEvents: `mutation { recordEvents(input: []) { accepted } }`,
  recommendations: `{ recommendations(userId: "1", first: 1) { source } }`,
  trending: `{ trendingProducts(first: 1) { score } }`,
  models: `{ models(first: 1) { totalCount } }`,
  trainModel: `mutation { trainModel(kind: EASE, params: { lambda: -1 }) { id } }`,
  apiKeys: `{ apiKeys { id } }`,
  health: `{ health { status } }`,
} as const;
type Op = keyof typeof OPS;

/** The contract, written out (not derived from the policy table): which role may use which operation. */
const ALLOWED: Record<string, Op[]> = {
  ADMIN: Object.keys(OPS) as Op[],
  INGEST: ['products', 'upsertProducts', 'recordEvents', 'health'],
  ANALYST: ['products', 'users', 'userEmail', 'recommendations', 'trending', 'models', 'health'],
  STOREFRONT: ['products', 'recordEvents', 'recommendations', 'trending', 'health'],
};

const CREATE = `mutation($role: Role!, $name: String!) { createApiKey(role: $role, name: $name) { id role prefix secret } }`;

describe('API keys and roles', () => {
  let h: GraphQLHarness;
  const secrets: Record<string, string> = {};
  let adminKeyId: string;

  beforeAll(async () => {
    h = await createGraphQLHarness();
    // a development server with no keys runs open: the first key can be created without one
    expect(errorCodes(await h.gql(OPS.health))).toEqual([]);
    for (const role of ['ADMIN', 'INGEST', 'ANALYST', 'STOREFRONT']) {
      const created = await h.gql(CREATE, { role, name: `${role.toLowerCase()} test key` }, role === 'ADMIN' ? {} : { authorization: `Bearer ${secrets.ADMIN}` });
      expect(created.errors).toBeUndefined();
      secrets[role] = created.data.createApiKey.secret;
      if (role === 'ADMIN') adminKeyId = created.data.createApiKey.id;
      expect(secrets[role]).toMatch(new RegExp(`^aisle_${role.toLowerCase()}_[0-9a-f]{40}$`));
    }
  });
  afterAll(() => h.close());

  it('stores only a hash of each secret', async () => {
    const rows = await h.db.dataSource.query(`SELECT secret_hash, prefix FROM api_keys`);
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(Object.values(secrets)).not.toContain(row.secret_hash);
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('once keys exist, a request without one is UNAUTHENTICATED, and so is an unknown key', async () => {
    expect(errorCodes(await h.gql(OPS.health))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await h.gql(OPS.products, {}, { 'x-api-key': 'aisle_admin_0000' }))).toEqual(['UNAUTHENTICATED']);
  });

  it.each(Object.keys(ALLOWED))('%s: every operation of the matrix is allowed or FORBIDDEN as the contract says', async (role) => {
    for (const op of Object.keys(OPS) as Op[]) {
      const header: Record<string, string> = role === 'ANALYST' ? { 'x-api-key': secrets[role] } : { authorization: `Bearer ${secrets[role]}` };
      const codes = errorCodes(await h.gql(OPS[op], {}, header));
      if (ALLOWED[role].includes(op)) {
        expect({ op, codes }).toEqual({ op, codes: expect.not.arrayContaining(['FORBIDDEN', 'UNAUTHENTICATED']) });
      } else {
        expect({ op, codes }).toEqual({ op, codes: ['FORBIDDEN'] });
      }
    }
  });

  it('names the field and the roles allowed in FORBIDDEN', async () => {
    const result = await h.gql(OPS.upsertProducts, {}, { authorization: `Bearer ${secrets.ANALYST}` });
    expect(result.errors![0].message).toBe('role ANALYST may not use Mutation.upsertProducts (allowed: ADMIN, INGEST)');
  });

  it('every root field declares who may call it', async () => {
    const schema = await buildAisleSchema();
    const declared = new Set(getMetadataStorage().authorizedFields.map((f) => f.fieldName));
    const roots = [schema.getQueryType()!, schema.getMutationType()!].flatMap((t) => Object.keys(t.getFields()));
    expect(roots.filter((name) => !declared.has(name))).toEqual([]);
  });

  it('revoking a key takes effect at once and is audited', async () => {
    const extra = await h.gql(CREATE, { role: 'STOREFRONT', name: 'to revoke' }, { authorization: `Bearer ${secrets.ADMIN}` });
    const { id, secret } = extra.data.createApiKey;
    expect(errorCodes(await h.gql(OPS.trending, {}, { authorization: `Bearer ${secret}` }))).toEqual([]);
    const revoked = await h.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id }, { authorization: `Bearer ${secrets.ADMIN}` });
    expect(revoked.data.revokeApiKey.revokedAt).not.toBeNull();
    expect(errorCodes(await h.gql(OPS.trending, {}, { authorization: `Bearer ${secret}` }))).toEqual(['UNAUTHENTICATED']);
    const audit = await h.db.dataSource.query(`SELECT key_id::text AS key, action, target FROM audit_log ORDER BY id`);
    expect(audit.map((a: any) => a.action)).toEqual(['createApiKey', 'createApiKey', 'createApiKey', 'createApiKey', 'createApiKey', 'revokeApiKey']);
    expect(audit[audit.length - 1]).toMatchObject({ key: adminKeyId, target: id });
  });

  it('`aisle keys create --json` prints the secret once, and it works', async () => {
    const written = await runCli(registerKeys, ['--json', 'keys', 'create', '--role', 'analyst', '--name', 'bi tool'], { DATABASE_URL: h.db.url });
    const key = JSON.parse(written[0]);
    expect(key).toMatchObject({ role: 'ANALYST', name: 'bi tool' });
    expect(errorCodes(await h.gql(OPS.users, {}, { authorization: `Bearer ${key.secret}` }))).toEqual([]);
  });
});

describe('production mode', () => {
  let h: GraphQLHarness;
  beforeAll(async () => {
    h = await createGraphQLHarness({ production: true });
  });
  afterAll(() => h.close());

  it('needs a key for every request even before any key exists', async () => {
    expect(errorCodes(await h.gql(OPS.health))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await h.gql(OPS.products))).toEqual(['UNAUTHENTICATED']);
  });
});
