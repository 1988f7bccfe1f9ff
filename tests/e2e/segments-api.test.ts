import { setTimeout as sleep } from 'node:timers/promises';
import { loadDemoShop } from '../../src/domain/demo';
import { RFM_SEGMENTS } from '../../src/domain/segments/rfm';
import { SEGMENT_MEMBERS } from '../../src/domain/segments/segment-members';
import { createGraphQLHarness, errorCodes, GraphQLHarness } from '../support/graphql-harness';

const REFRESH = `mutation { refreshSegments { id kind status progress } }`;
const JOB = `query($id: ID!) { job(id: $id) { status progress message result error } }`;
const SEGMENTS = `{ segments { id kind name rule size revenueShare averageClv refreshedAt } }`;
const CREATE = `mutation($input: SegmentInput!) { createSegment(input: $input) { id kind name rule size refreshedAt } }`;
const PROFILE = `query($id: ID!) { customerProfile(userId: $id) {
  asOf recency frequency monetary rfmScore rfmSegment expectedPurchases90d probabilityAlive clv propensity propensityDrivers { feature }
} }`;

async function sql<T = any>(h: GraphQLHarness, text: string, params: unknown[] = []): Promise<T[]> {
  return h.db.dataSource.query(text, params);
}

/** Runs refreshSegments and polls the job to its end, recording the progress seen. */
async function refresh(h: GraphQLHarness): Promise<{ job: any; progress: number[] }> {
  const started = await h.gql(REFRESH);
  expect(started.errors).toBeUndefined();
  expect(started.data.refreshSegments.kind).toBe('REFRESH_SEGMENTS');
  const progress: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const { data } = await h.gql(JOB, { id: started.data.refreshSegments.id });
    progress.push(data.job.progress);
    if (data.job.status === 'SUCCEEDED' || data.job.status === 'FAILED') return { job: data.job, progress };
    await sleep(10);
  }
  throw new Error('refreshSegments did not finish');
}

/** Purchasers before asOf, straight from orders and lines (the RFM purchase rule: not cancelled, positive net). */
const BUYERS_SQL = `
  SELECT DISTINCT o.user_id::text AS id FROM orders o JOIN order_lines l ON l.order_id = o.id
  WHERE o.user_id IS NOT NULL AND NOT o.cancelled AND o.placed_at < $1
  GROUP BY o.id HAVING sum(l.quantity * l.unit_price) > 0`;

describe('segments, customer profiles and refreshSegments on the demo shop', () => {
  let h: GraphQLHarness;
  let first: { job: any; progress: number[] };
  let loner: string;

  beforeAll(async () => {
    h = await createGraphQLHarness();
    await loadDemoShop(h.db.dataSource, { users: 300, products: 80, days: 120, seed: 11 });
    [{ id: loner }] = await sql(h, `INSERT INTO users (external_id, country) VALUES ('no-orders', 'DE') RETURNING id::text AS id`);
  });
  afterAll(() => h.close());

  it('has no profiles or segments before the first refresh', async () => {
    const { data } = await h.gql(PROFILE, { id: loner });
    expect(data.customerProfile).toBeNull();
    expect((await h.gql(SEGMENTS)).data.segments).toEqual([]);
  });

  it('refreshSegments succeeds with progress 0 → 1, fitting CLV', async () => {
    first = await refresh(h);
    expect(first.job.status).toBe('SUCCEEDED');
    for (let i = 1; i < first.progress.length; i++) expect(first.progress[i]).toBeGreaterThanOrEqual(first.progress[i - 1]);
    expect(first.progress[first.progress.length - 1]).toBe(1);
    expect(first.job.result.clvMessage).toBeNull();
    expect(first.job.result.clv).toMatchObject({ r: expect.any(Number), alpha: expect.any(Number), p: expect.any(Number) });
    expect(first.job.result.users).toBe(301);
  });

  it('keeps one RFM segment per name, sizes summing to the users with purchases, shares to 1', async () => {
    const all = (await h.gql(SEGMENTS)).data.segments;
    const segments = all.filter((s: any) => s.kind === 'RFM');
    expect(segments.map((s: any) => [s.kind, s.name])).toEqual(RFM_SEGMENTS.map((name) => ['RFM', name]));
    // behavioural clusters partition the same buyers (k chosen by silhouette, 2..8)
    const clusters = all.filter((s: any) => s.kind === 'CLUSTER');
    expect(clusters.length).toBeGreaterThanOrEqual(2);
    expect(clusters.length).toBeLessThanOrEqual(8);
    expect(clusters.reduce((n: number, s: any) => n + s.revenueShare, 0)).toBeGreaterThan(0.9);
    const buyers = await sql(h, BUYERS_SQL, [first.job.result.asOf]);
    expect(buyers.length).toBeGreaterThan(100);
    expect(segments.reduce((n: number, s: any) => n + s.size, 0)).toBe(buyers.length);
    expect(segments.reduce((n: number, s: any) => n + s.revenueShare, 0)).toBeCloseTo(1, 6);
    const champions = segments.find((s: any) => s.name === 'Champions');
    expect(champions.size).toBeGreaterThan(0);
    expect(champions.averageClv).toBeGreaterThan(0);
    const page = await h.gql(`query($id: ID!) { segment(id: $id) { members(first: 5) { totalCount edges { node { id profile { rfmSegment } } } } } }`, {
      id: champions.id,
    });
    expect(page.data.segment.members.totalCount).toBe(champions.size);
    for (const edge of page.data.segment.members.edges) expect(edge.node.profile.rfmSegment).toBe('Champions');
  });

  it('gives a buyer a full profile and segments, and a user without orders a profile of nulls', async () => {
    const [top] = await sql(h, `SELECT user_id::text AS id FROM customer_profiles ORDER BY frequency DESC NULLS LAST, user_id LIMIT 1`);
    const { data } = await h.gql(PROFILE, { id: top.id });
    const p = data.customerProfile;
    expect(p.rfmScore).toMatch(/^[1-5]{3}$/);
    expect(RFM_SEGMENTS).toContain(p.rfmSegment);
    expect(p.clv).toBeGreaterThan(0);
    expect(p.probabilityAlive).toBeGreaterThan(0);
    expect(p.probabilityAlive).toBeLessThanOrEqual(1);
    expect(p.expectedPurchases90d).toBeGreaterThan(0);
    expect(p.propensity).toBeGreaterThan(0);
    expect(p.propensity).toBeLessThan(1);
    expect(p.propensityDrivers).toHaveLength(3);
    const user = await h.gql(`query($id: ID!) { user(id: $id) { profile { rfmSegment } segments { since segment { kind name } } } }`, { id: top.id });
    const kinds = user.data.user.segments.map((m: any) => m.segment.kind).sort();
    expect(kinds).toEqual(['CLUSTER', 'RFM']);
    expect(user.data.user.segments.find((m: any) => m.segment.kind === 'RFM').segment.name).toBe(p.rfmSegment);
    const none = (await h.gql(PROFILE, { id: loner })).data.customerProfile;
    expect(none).toMatchObject({ recency: null, frequency: null, monetary: null, rfmSegment: null, clv: null, propensityDrivers: null });
    expect(errorCodes(await h.gql(PROFILE, { id: 'abc' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('a custom rule segment holds exactly the users independent SQL selects', async () => {
    const [{ country }] = await sql(h, `SELECT country FROM users WHERE country IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
    const [{ id: category }] = await sql(h, `SELECT id::text AS id FROM categories WHERE parent_id IS NULL ORDER BY id LIMIT 1`);
    const rule = `(frequency >= 3 and country = ${JSON.stringify(country)}) or (bought category "${category}" and not rfmSegment in ["Champions", "Loyal"])`;
    const created = await h.gql(CREATE, { input: { name: 'Regulars or category fans', rule } });
    expect(created.errors).toBeUndefined();
    expect(created.data.createSegment).toMatchObject({ kind: 'CUSTOM', rule, refreshedAt: expect.any(String) });
    const expected = await sql(h, `
      WITH RECURSIVE sub(id) AS (SELECT $2::bigint UNION SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id),
      purchases AS (${BUYERS_SQL.replace('DISTINCT o.user_id::text AS id', 'o.user_id, o.id')}),
      freq AS (SELECT user_id, count(*) AS n FROM purchases GROUP BY user_id),
      fans AS (SELECT DISTINCT o.user_id FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products pr ON pr.id = l.product_id
               WHERE NOT o.cancelled AND l.quantity > 0 AND pr.category_id IN (SELECT id FROM sub))
      SELECT u.id::text AS id FROM users u
      LEFT JOIN freq f ON f.user_id = u.id
      LEFT JOIN customer_profiles p ON p.user_id = u.id
      WHERE (coalesce(f.n, 0) >= 3 AND u.country = $3)
         OR (u.id IN (SELECT user_id FROM fans) AND coalesce(p.rfm_segment NOT IN ('Champions', 'Loyal'), true))
      ORDER BY u.id`, [first.job.result.asOf, category, country]);
    const members = await sql(h, `SELECT user_id::text AS id FROM segment_memberships WHERE segment_id = $1 ORDER BY user_id`, [
      created.data.createSegment.id,
    ]);
    expect(expected.length).toBeGreaterThan(5);
    expect(members.map((m) => m.id).sort()).toEqual(expected.map((e) => e.id).sort());
    expect(created.data.createSegment.size).toBe(expected.length);
  });

  it('keeps since for members who stay across refreshes, and adds newcomers', async () => {
    const before = await sql(h, `SELECT segment_id, user_id, since FROM (${SEGMENT_MEMBERS}) m ORDER BY 1, 2`);
    const [product] = await sql(h, `SELECT id FROM products ORDER BY id LIMIT 1`);
    const [order] = await sql(h, `INSERT INTO orders (external_id, user_id, placed_at, total) VALUES ('seg-new', $1, now() - interval '1 hour', 50)
      RETURNING id`, [loner]);
    await sql(h, `INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, placed_at) VALUES ($1, 1, $2, 1, 50, now() - interval '1 hour')`, [order.id, product.id]);
    const second = await refresh(h);
    expect(second.job.status).toBe('SUCCEEDED');
    const after = await sql(h, `SELECT segment_id, user_id, since FROM (${SEGMENT_MEMBERS}) m ORDER BY 1, 2`);
    const old = new Map(before.map((m) => [`${m.segment_id}:${m.user_id}`, m.since.toISOString()]));
    const stayed = after.filter((m) => old.has(`${m.segment_id}:${m.user_id}`));
    expect(stayed.length).toBeGreaterThan(100);
    for (const m of stayed) expect(m.since.toISOString()).toBe(old.get(`${m.segment_id}:${m.user_id}`));
    const newcomer = after.filter((m) => String(m.user_id) === loner);
    expect(newcomer.length).toBeGreaterThan(0);
    expect(newcomer[0].since.getTime()).toBeGreaterThan(Math.max(...before.map((m) => m.since.getTime())));
  });

  it('refuses a rule that does not parse with BAD_USER_INPUT and its position', async () => {
    const bad = await h.gql(CREATE, { input: { name: 'Broken', rule: 'rfmSegment in ["Champions"] and clv >' } });
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0].extensions).toMatchObject({ field: 'input.rule', position: 37, expected: 'a number (clv is numeric)', found: 'end of rule' });
    const unknown = await h.gql(CREATE, { input: { name: 'Ghost category', rule: 'bought category "999999"' } });
    expect(errorCodes(unknown)).toEqual(['BAD_USER_INPUT']);
    const dup = await h.gql(CREATE, { input: { name: 'regulars OR category fans', rule: 'clv > 1' } });
    expect(errorCodes(dup)).toEqual(['BAD_USER_INPUT']);
    expect((await sql(h, `SELECT count(*)::int AS n FROM segments WHERE kind = 'CUSTOM'`))[0].n).toBe(1);
  });

  it('deleteSegment removes a custom segment; RFM segments cannot be deleted', async () => {
    const made = await h.gql(CREATE, { input: { name: 'Temporary', rule: 'clv > 0' } });
    expect(made.data.createSegment.size).toBeGreaterThan(0);
    const del = await h.gql(`mutation($id: ID!) { deleteSegment(id: $id) }`, { id: made.data.createSegment.id });
    expect(del.data.deleteSegment).toBe(true);
    expect((await sql(h, `SELECT count(*)::int AS n FROM segment_memberships WHERE segment_id = $1`, [made.data.createSegment.id]))[0].n).toBe(0);
    const [rfm] = await sql(h, `SELECT id::text AS id FROM segments WHERE kind = 'RFM' LIMIT 1`);
    expect(errorCodes(await h.gql(`mutation($id: ID!) { deleteSegment(id: $id) }`, { id: rfm.id }))).toEqual(['BAD_USER_INPUT']);
  });

  it('forgetUser removes the profile and memberships', async () => {
    expect((await sql(h, `SELECT count(*)::int AS n FROM (${SEGMENT_MEMBERS}) m WHERE user_id = $1`, [loner]))[0].n).toBeGreaterThan(0);
    expect((await h.gql(`mutation($id: ID!) { forgetUser(id: $id) }`, { id: loner })).data.forgetUser).toBe(true);
    const [left] = await sql(h, `SELECT (SELECT count(*) FROM (${SEGMENT_MEMBERS}) m WHERE user_id = $1)::int AS m,
      (SELECT count(*) FROM customer_profiles WHERE user_id = $1)::int AS p`, [loner]);
    expect(left).toEqual({ m: 0, p: 0 });
  });

  it('keeps segments and profiles from STOREFRONT keys; ANALYST may read and manage them', async () => {
    const KEY = `mutation($role: Role!) { createApiKey(role: $role, name: "seg") { secret } }`;
    const admin = (await h.gql(KEY, { role: 'ADMIN' })).data.createApiKey.secret;
    const key = async (role: string) => (await h.gql(KEY, { role }, { authorization: `Bearer ${admin}` })).data.createApiKey.secret;
    const as = (secret: string) => ({ authorization: `Bearer ${secret}` });
    const [storefront, analyst] = [await key('STOREFRONT'), await key('ANALYST')];
    const [buyer] = await sql(h, `SELECT user_id::text AS id FROM customer_profiles WHERE clv IS NOT NULL LIMIT 1`);
    for (const [op, vars] of [[SEGMENTS, {}], [PROFILE, { id: buyer.id }], [REFRESH, {}], [CREATE, { input: { name: 'x', rule: 'clv > 1' } }]] as const) {
      expect(errorCodes(await h.gql(op, vars, as(storefront)))).toEqual(['FORBIDDEN']);
    }
    expect(errorCodes(await h.gql(SEGMENTS, {}, as(analyst)))).toEqual([]);
    expect(errorCodes(await h.gql(PROFILE, { id: buyer.id }, as(analyst)))).toEqual([]);
  });
});

describe('refreshSegments on a shop with too little data for CLV', () => {
  let h: GraphQLHarness;
  beforeAll(async () => {
    h = await createGraphQLHarness();
  });
  afterAll(() => h.close());

  it('succeeds with RFM filled, CLV fields null and a message saying why', async () => {
    const users = await sql(h, `INSERT INTO users (external_id) VALUES ('a'), ('b'), ('c') RETURNING id::text AS id`);
    const [product] = await sql(h, `INSERT INTO products (external_id, name, price) VALUES ('p', 'P', 10) RETURNING id`);
    for (const [i, user] of users.slice(0, 2).entries()) {
      const [order] = await sql(h, `INSERT INTO orders (external_id, user_id, placed_at, total) VALUES ($1, $2, now() - interval '3 days', 10) RETURNING id`, [`o${i}`, user.id]);
      await sql(h, `INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, placed_at) VALUES ($1, 1, $2, 1, 10, now() - interval '3 days')`, [order.id, product.id]);
    }
    const { job } = await refresh(h);
    expect(job.status).toBe('SUCCEEDED');
    expect(job.result.clv).toBeNull();
    expect(job.result.clvMessage).toMatch(/^CLV not computed: needs at least 20 customers with purchases .* have 2 and 0$/);
    expect(job.message).toBe(job.result.clvMessage);
    const buyer = (await h.gql(PROFILE, { id: users[0].id })).data.customerProfile;
    expect(buyer).toMatchObject({ recency: 3, frequency: 1, monetary: 10, clv: null, probabilityAlive: null, expectedPurchases90d: null });
    expect(RFM_SEGMENTS).toContain(buyer.rfmSegment);
    expect((await h.gql(PROFILE, { id: users[2].id })).data.customerProfile).toMatchObject({ rfmSegment: null, monetary: null });
    const segments = (await h.gql(SEGMENTS)).data.segments;
    expect(segments.reduce((n: number, s: any) => n + s.size, 0)).toBe(2);
    expect(segments.every((s: any) => s.averageClv === null)).toBe(true);
    expect(Math.abs(Date.parse(job.result.asOf) - Date.now())).toBeLessThan(60_000);
  });

  it('measures historical data from the end of its newest order day', async () => {
    await sql(h, `UPDATE orders SET placed_at = '2011-12-09T12:30:00Z'`);
    await sql(h, `UPDATE order_lines SET placed_at = '2011-12-09T12:30:00Z'`);
    const { job } = await refresh(h);
    expect(job.result.asOf).toBe('2011-12-10T00:00:00.000Z');
    const [{ recency }] = await sql(h, `SELECT recency FROM customer_profiles WHERE frequency = 1 LIMIT 1`);
    expect(recency).toBe(1);
  });
});
