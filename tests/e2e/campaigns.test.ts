import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerCampaign } from '../../src/cli/commands/campaign.command';
import { loadDemoShop } from '../../src/domain/demo';
import { SEGMENT_MEMBERS } from '../../src/domain/segments/segment-members';
import { createGraphQLHarness, GraphQLHarness } from '../support/graphql-harness';
import { purchasedBy, sql, trainAndWait, waitForJob } from '../support/shop-queries';

const REFRESH = `mutation { refreshSegments { id } }`;
const SEGMENTS = `{ segments { id kind name size } }`;
const RECS = `query($userId: ID!, $first: Int, $filter: RecommendationFilter) {
  recommendations(userId: $userId, first: $first, filter: $filter) { source items { product { id } } }
}`;
const CREATE = `mutation($input: CampaignInput!) { createCampaign(input: $input) {
  id name segmentIds minPropensity excludeBoughtWithinDays maxAudience audienceSize ranking offerProducts { id }
} }`;
const AUDIENCE = `query($id: ID!, $first: Int, $after: String) { campaign(id: $id) { audienceSize
  audience(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { rank expectedValue propensity clv offerScore offerSource user { id externalId } offer { id } } } }
} }`;

async function audienceOf(h: GraphQLHarness, id: string): Promise<any[]> {
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    const result: any = await h.gql(AUDIENCE, { id, first: 37, after });
    expect(result.errors).toBeUndefined();
    const page = result.data.campaign.audience;
    out.push(...page.edges.map((e: any) => e.node));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

async function create(h: GraphQLHarness, input: Record<string, unknown>) {
  return h.gql(CREATE, { input });
}

describe('campaigns with next-best offers on the demo shop', () => {
  let h: GraphQLHarness;
  let offer: string[];
  let segment: { id: string; name: string; size: number };

  beforeAll(async () => {
    h = await createGraphQLHarness();
    await loadDemoShop(h.db.dataSource, { users: 300, products: 80, days: 120, seed: 7 });
    await waitForJob(h, (await h.gql(REFRESH)).data.refreshSegments.id);
    for (const kind of ['POPULARITY', 'ITEM_KNN']) await trainAndWait(h, kind);
    const segments = (await h.gql(SEGMENTS)).data.segments.filter((s: any) => s.kind === 'RFM');
    segment = segments.sort((a: any, b: any) => b.size - a.size)[0];
    // five active products of mid popularity, so some members have bought some of them and none bought all
    offer = (await sql<{ id: string }>(h, `
      SELECT p.id::text AS id FROM products p LEFT JOIN order_lines l ON l.product_id = p.id WHERE p.active
      GROUP BY p.id ORDER BY count(l.*) DESC, p.id OFFSET 10 LIMIT 5`)).map((r) => r.id);
  }, 120_000);
  afterAll(() => h.close());

  it('restricts a recommendation list to productIds and keeps it full while the user has not bought them all', async () => {
    const [{ id: user }] = await sql(h, `SELECT user_id::text AS id FROM orders WHERE user_id IS NOT NULL GROUP BY user_id
      ORDER BY count(*) DESC, user_id LIMIT 1`);
    const bought = await purchasedBy(h, user);
    const only = (await sql<{ id: string }>(h, `SELECT id::text AS id FROM products WHERE active ORDER BY id LIMIT 8`)).map((r) => r.id);
    const open = only.filter((p) => !bought.has(p));
    expect(open.length).toBeGreaterThan(0);
    const { data, errors } = await h.gql(RECS, { userId: user, first: 8, filter: { productIds: only } });
    expect(errors).toBeUndefined();
    const ids = data.recommendations.items.map((i: any) => i.product.id);
    expect(ids.every((p: string) => only.includes(p))).toBe(true);
    expect(new Set(ids)).toEqual(new Set(open)); // full: every offer product the user did not buy
    const bad = await h.gql(RECS, { userId: user, first: 3, filter: { productIds: ['1', 'x'] } });
    expect(bad.errors?.[0].extensions?.field).toBe('filter.productIds[1]');
  });

  it('materialises a segment audience ranked by expected value, each with an unbought offer from the offer products', async () => {
    const { data, errors } = await create(h, { name: 'Win back', segmentIds: [segment.id], productIds: offer });
    expect(errors).toBeUndefined();
    const campaign = data.createCampaign;
    expect(campaign.offerProducts.map((p: any) => p.id).sort()).toEqual([...offer].sort());
    expect(campaign.audienceSize).toBe(segment.size);
    expect(campaign.audienceSize).toBeGreaterThan(0);
    const members = await audienceOf(h, campaign.id);
    expect(members.map((m) => m.rank)).toEqual(members.map((_, i) => i + 1));
    const inSegment = new Set((await sql(h, `SELECT user_id::text AS id FROM (${SEGMENT_MEMBERS}) m WHERE segment_id = $1`, [segment.id])).map((r: any) => r.id));
    expect(members.every((m) => inSegment.has(m.user.id))).toBe(true);
    for (let i = 1; i < members.length; i++) expect(members[i - 1].expectedValue).toBeGreaterThanOrEqual(members[i].expectedValue);
    expect(members.some((m) => m.expectedValue > 0)).toBe(true);
    let offered = 0;
    for (const m of members) {
      const expected = m.propensity !== null && m.clv !== null ? m.propensity * m.clv : m.propensity === null ? (m.clv ?? 0) : null;
      if (expected !== null) expect(m.expectedValue).toBeCloseTo(expected, 6);
      const bought = await purchasedBy(h, m.user.id);
      if (offer.every((p) => bought.has(p))) {
        expect(m.offer).toBeNull();
        continue;
      }
      expect(offer).toContain(m.offer.id);
      expect(bought.has(m.offer.id)).toBe(false);
      expect(m.offerSource).toMatch(/^(ITEM_KNN|POPULARITY|fallback:)/);
      offered++;
    }
    expect(offered).toBeGreaterThan(0);
    const listed = await h.gql(`{ campaigns(first: 5) { totalCount edges { node { id name } } } }`);
    expect(listed.data.campaigns.edges[0].node).toEqual({ id: campaign.id, name: 'Win back' });
  });

  it('gives an empty audience for an empty segment, and caps the audience at maxAudience', async () => {
    const seg = await h.gql(`mutation { createSegment(input: { name: "Nobody", rule: "clv > 1000000000" }) { id size } }`);
    expect(seg.data.createSegment.size).toBe(0);
    const empty = await create(h, { name: 'Empty', segmentIds: [seg.data.createSegment.id], productIds: offer });
    expect(empty.errors).toBeUndefined();
    expect(empty.data.createCampaign.audienceSize).toBe(0);
    expect(await audienceOf(h, empty.data.createCampaign.id)).toEqual([]);
    const capped = await create(h, { name: 'Top 7', maxAudience: 7, excludeBoughtWithinDays: 14 });
    expect(capped.errors).toBeUndefined();
    const members = await audienceOf(h, capped.data.createCampaign.id);
    expect(members).toHaveLength(7);
    const [{ now }] = await sql(h, `SELECT least(now(), max(placed_at)) AS now FROM orders`);
    const recent = await sql(h, `SELECT DISTINCT user_id::text AS id FROM orders WHERE NOT cancelled AND placed_at > $1::timestamptz - interval '14 days'`, [now]);
    const recentIds = new Set(recent.map((r: any) => r.id));
    expect(recentIds.size).toBeGreaterThan(0);
    expect(members.filter((m) => recentIds.has(m.user.id))).toEqual([]);
    expect(members.every((m) => m.offer === null)).toBe(true); // no offer products, no offer
  });

  it.each([
    [{ minPropensity: 1.5 }, 'input.minPropensity'],
    [{ segmentIds: ['999999'] }, 'input.segmentIds[0]'],
    [{ productIds: ['999999'] }, 'input.productIds[0]'],
    [{ maxAudience: 100_001 }, 'input.maxAudience'],
    [{ excludeBoughtWithinDays: -1 }, 'input.excludeBoughtWithinDays'],
    [{ name: '  ' }, 'input.name'],
  ])('rejects %j with BAD_USER_INPUT naming %s', async (bad, field) => {
    const result = await create(h, { name: 'Bad', ...bad });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('rejects an inactive offer product, naming its index', async () => {
    const id = offer[4];
    await sql(h, `UPDATE products SET active = false WHERE id = $1`, [id]);
    try {
      const result = await create(h, { name: 'Inactive', productIds: [offer[0], id] });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.productIds[1]' });
    } finally {
      await sql(h, `UPDATE products SET active = true WHERE id = $1`, [id]);
    }
  });

  it('`aisle campaign export <id> --csv` writes the audience in rank order; an unknown id fails', async () => {
    const { data } = await create(h, { name: 'Export', segmentIds: [segment.id], productIds: offer, maxAudience: 50 });
    const members = await audienceOf(h, data.createCampaign.id);
    const dir = mkdtempSync(join(tmpdir(), 'aisle-campaign-'));
    const run = async (args: string[]) => {
      const program = new Command('aisle').option('--json').exitOverride();
      registerCampaign(program);
      await program.parseAsync(['node', 'aisle', 'campaign', 'export', ...args]);
    };
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = h.db.url;
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await run([data.createCampaign.id, '--csv']);
      await run([data.createCampaign.id, '--csv', '--out', join(dir, 'a.csv')]);
      await expect(run(['987654', '--csv'])).rejects.toThrow(/campaign 987654 does not exist/);
    } finally {
      spy.mockRestore();
      process.env.DATABASE_URL = previous;
    }
    const csv = written.join('');
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe(csv);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('user_external_id,email,rank,expected_value,propensity,clv,offer_product_external_id,offer_source');
    expect(lines).toHaveLength(members.length + 1);
    const offers = new Map((await sql(h, `SELECT id::text AS id, external_id FROM products WHERE id = ANY($1::bigint[])`, [offer])).map((r: any) => [r.id, r.external_id]));
    members.forEach((m, i) => {
      const cols = lines[i + 1].split(',');
      expect(cols[0]).toBe(m.user.externalId);
      expect(Number(cols[2])).toBe(m.rank);
      expect(Number(cols[3])).toBeCloseTo(m.expectedValue, 9);
      expect(cols[6]).toBe(m.offer ? offers.get(m.offer.id) : '');
      expect(cols[7]).toBe(m.offerSource ?? '');
    });
  });
  it('with propensities: applies the minimum and ranks by propensity × CLV, else propensity × the offer margin', async () => {
    // planted propensities (the propensity model is wired in separately); every 7th profile loses its CLV
    await sql(h, `UPDATE customer_profiles SET propensity = (user_id % 10) / 10.0,
      clv = CASE WHEN user_id % 7 = 0 THEN NULL ELSE clv END`);
    const [{ margin }] = await sql(h, `SELECT coalesce(avg(price - cost) FILTER (WHERE cost IS NOT NULL), avg(price))::float8 AS margin
      FROM products WHERE id = ANY($1::bigint[])`, [offer]);
    const { data, errors } = await create(h, { name: 'Likely buyers', minPropensity: 0.55, productIds: offer });
    expect(errors).toBeUndefined();
    expect(data.createCampaign.minPropensity).toBe(0.55);
    const members = await audienceOf(h, data.createCampaign.id);
    const [{ n }] = await sql(h, `SELECT count(*)::int AS n FROM customer_profiles WHERE propensity >= 0.55`);
    expect(members).toHaveLength(n);
    expect(members.every((m) => m.propensity >= 0.55)).toBe(true);
    const byMargin = members.filter((m) => m.clv === null);
    expect(byMargin.length).toBeGreaterThan(0);
    for (const m of members) expect(m.expectedValue).toBeCloseTo(m.propensity * (m.clv ?? margin), 6);
    for (let i = 1; i < members.length; i++) expect(members[i - 1].expectedValue).toBeGreaterThanOrEqual(members[i].expectedValue);
  });
});
