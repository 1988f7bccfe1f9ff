import pino from 'pino';
import { withTransaction } from '../../src/domain/common/transaction';
import { loadDemoShop } from '../../src/domain/demo';
import { updateSegmentStats } from '../../src/domain/segments/refresh/membership-sync';
import { createGraphQLHarness, GraphQLHarness } from '../support/graphql-harness';
import { sql, waitForJob } from '../support/shop-queries';

/**
 * RFM and CLUSTER membership is read from customer_profiles (rfm_segment, cluster_segment_id and their since
 * columns) instead of stored rows; every reader must see what the stored rows used to say.
 */
const REFRESH = `mutation { refreshSegments { id } }`;
const MEMBERS = `query($id: ID!, $after: String) { segment(id: $id) { size members(first: 100, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }`;
const USER_SEGMENTS = `query($id: ID!) { user(id: $id) { segments { since segment { id kind name } } } }`;
const CAMPAIGN = `mutation($input: CampaignInput!) { createCampaign(input: $input) { id audienceSize } }`;
const AUDIENCE = `query($id: ID!, $after: String) { campaign(id: $id) { audience(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { user { id } } } } } }`;

interface ProfileMembership {
  user_id: string;
  rfm_segment: string | null;
  rfm_since: Date | null;
  cluster_segment_id: string | null;
  cluster_since: Date | null;
}

const PROFILES_SQL = `SELECT user_id::text AS user_id, rfm_segment, rfm_since, cluster_segment_id::text AS cluster_segment_id, cluster_since
  FROM customer_profiles ORDER BY user_id`;

/** Every page of a connection, as the ids `pick` reads off each edge. */
async function allPages(h: GraphQLHarness, text: string, id: string, connection: (data: any) => any, pick: (node: any) => string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const result: any = await h.gql(text, { id, after });
    expect(result.errors).toBeUndefined();
    const page = connection(result.data);
    ids.push(...page.edges.map((e: any) => pick(e.node)));
    if (!page.pageInfo.hasNextPage) return ids.sort();
    after = page.pageInfo.endCursor;
  }
}

describe('RFM and CLUSTER membership derived from customer profiles', () => {
  let h: GraphQLHarness;

  beforeAll(async () => {
    h = await createGraphQLHarness();
    await loadDemoShop(h.db.dataSource, { users: 200, products: 40, days: 120, seed: 5 });
    await waitForJob(h, (await h.gql(REFRESH)).data.refreshSegments.id);
  }, 120_000);
  afterAll(() => h.close());

  it('stores no RFM or CLUSTER membership rows, and keeps since across a refresh of unchanged data', async () => {
    const before = await sql<ProfileMembership>(h, PROFILES_SQL);
    expect(before.filter((p) => p.rfm_segment !== null && p.rfm_since !== null).length).toBeGreaterThan(50);
    expect(before.filter((p) => p.cluster_segment_id !== null && p.cluster_since !== null).length).toBeGreaterThan(50);
    for (const p of before) {
      expect(p.rfm_since === null).toBe(p.rfm_segment === null);
      expect(p.cluster_since === null).toBe(p.cluster_segment_id === null);
    }
    await waitForJob(h, (await h.gql(REFRESH)).data.refreshSegments.id);
    const after = new Map((await sql<ProfileMembership>(h, PROFILES_SQL)).map((p) => [p.user_id, p]));
    let keptClusters = 0;
    for (const p of before) {
      const now = after.get(p.user_id)!;
      expect(now.rfm_segment).toBe(p.rfm_segment);
      expect(now.rfm_since?.toISOString()).toBe(p.rfm_since?.toISOString());
      if (p.cluster_segment_id !== null && now.cluster_segment_id === p.cluster_segment_id) {
        expect(now.cluster_since!.toISOString()).toBe(p.cluster_since!.toISOString());
        keptClusters++;
      }
    }
    expect(keptClusters).toBeGreaterThan(50);
    const [{ n }] = await sql(h, `SELECT count(*)::int AS n FROM segment_memberships m JOIN segments s ON s.id = m.segment_id WHERE s.kind <> 'CUSTOM'`);
    expect(n).toBe(0);
  });

  it('segment members, User.segments and a campaign see the users the profile columns name', async () => {
    const segments = await sql<{ id: string; kind: string; name: string }>(h,
      `SELECT id::text AS id, kind, name FROM segments WHERE kind IN ('RFM', 'CLUSTER') ORDER BY size DESC, id`);
    for (const kind of ['RFM', 'CLUSTER']) {
      const segment = segments.find((s) => s.kind === kind)!;
      const column = kind === 'RFM' ? 'rfm' : 'cluster';
      const expected = await sql<{ id: string; since: Date }>(h, `SELECT user_id::text AS id, ${column}_since AS since FROM customer_profiles
        WHERE ${kind === 'RFM' ? 'rfm_segment = $1' : 'cluster_segment_id = $1::bigint'}`, [kind === 'RFM' ? segment.name : segment.id]);
      const expectedIds = expected.map((e) => e.id).sort();
      expect(expectedIds.length).toBeGreaterThan(5);

      const first = await h.gql(MEMBERS, { id: segment.id });
      expect(first.data.segment.size).toBe(expectedIds.length);
      expect(first.data.segment.members.totalCount).toBe(expectedIds.length);
      expect(await allPages(h, MEMBERS, segment.id, (d) => d.segment.members, (n) => n.id)).toEqual(expectedIds);

      for (const member of expected.slice(0, 10)) {
        const { data } = await h.gql(USER_SEGMENTS, { id: member.id });
        const membership = data.user.segments.find((m: any) => m.segment.id === segment.id);
        expect(membership).toBeDefined();
        expect(membership.since).toBe(member.since.toISOString());
        expect(data.user.segments.filter((m: any) => m.segment.kind === kind)).toHaveLength(1);
      }

      const campaign = await h.gql(CAMPAIGN, { input: { name: `All of ${segment.name}`, segmentIds: [segment.id] } });
      expect(campaign.errors).toBeUndefined();
      expect(campaign.data.createCampaign.audienceSize).toBe(expectedIds.length);
      const audience = await allPages(h, AUDIENCE, campaign.data.createCampaign.id, (d) => d.campaign.audience, (n) => n.user.id);
      expect(audience).toEqual(expectedIds);
    }
  });

  it('the refresh\'s statistics (summed in node from what it wrote) equal the server\'s sums over the profiles', async () => {
    const created = await h.gql(`mutation { createSegment(input: { name: "Frequent", rule: "frequency >= 2" }) { id } }`);
    expect(created.errors).toBeUndefined();
    await waitForJob(h, (await h.gql(REFRESH)).data.refreshSegments.id);
    const STATS = `SELECT id::text AS id, kind, size, revenue_share, avg_clv FROM segments ORDER BY id`;
    const refreshed = await sql<{ id: string; kind: string; size: number; revenue_share: number | null; avg_clv: number | null }>(h, STATS);
    expect(new Set(refreshed.map((s) => s.kind))).toEqual(new Set(['RFM', 'CLUSTER', 'CUSTOM']));
    expect(refreshed.filter((s) => s.size > 0 && s.revenue_share !== null && s.avg_clv !== null).length).toBeGreaterThan(5);
    const ctx = { requestId: 't', logger: pino({ level: 'silent' }), dataSource: h.db.dataSource, limits: { maxBatch: 10 } };
    await withTransaction(ctx, (tx) => updateSegmentStats(tx, refreshed.map((s) => s.id)));
    const reference = await sql<typeof refreshed[number]>(h, STATS);
    expect(reference.map((s) => s.id)).toEqual(refreshed.map((s) => s.id));
    reference.forEach((want, i) => {
      const got = refreshed[i];
      expect(got.size).toBe(want.size);
      for (const key of ['revenue_share', 'avg_clv'] as const) {
        if (want[key] === null) expect(got[key]).toBeNull();
        else expect(got[key]).toBeCloseTo(want[key]!, 9);
      }
    });
  });

  it('after a refresh the stored CUSTOM memberships keep their keys: cascades on delete, and no row for an unknown user', async () => {
    const keys = await sql<{ def: string }>(h, `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'segment_memberships'::regclass AND contype = 'f' ORDER BY 1`);
    expect(keys.map((k) => k.def.replace(/ NOT VALID$/, ''))).toEqual([
      'FOREIGN KEY (segment_id) REFERENCES segments(id) ON DELETE CASCADE',
      'FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE',
    ]);
    const [member] = await sql<{ user_id: string; segment_id: string }>(h,
      `SELECT m.user_id::text AS user_id, m.segment_id::text AS segment_id FROM segment_memberships m JOIN segments s ON s.id = m.segment_id WHERE s.name = 'Frequent' LIMIT 1`);
    expect(member).toBeDefined();
    await sql(h, `DELETE FROM users WHERE id = $1`, [member.user_id]);
    expect(await sql(h, `SELECT 1 FROM segment_memberships WHERE user_id = $1`, [member.user_id])).toEqual([]);
    await expect(sql(h, `INSERT INTO segment_memberships (segment_id, user_id, since) VALUES ($1, $2, now())`, [member.segment_id, member.user_id]))
      .rejects.toThrow(/foreign key/);
  });

  it('deleting a CLUSTER segment removes it from its members\' User.segments', async () => {
    const [cluster] = await sql<{ id: string }>(h, `SELECT id::text AS id FROM segments WHERE kind = 'CLUSTER' ORDER BY size DESC, id LIMIT 1`);
    const [member] = await sql<{ id: string }>(h, `SELECT user_id::text AS id FROM customer_profiles WHERE cluster_segment_id = $1 LIMIT 1`, [cluster.id]);
    const kinds = async () => (await h.gql(USER_SEGMENTS, { id: member.id })).data.user.segments.map((m: any) => m.segment.kind)
      .filter((kind: string) => kind !== 'CUSTOM').sort();
    expect(await kinds()).toEqual(['CLUSTER', 'RFM']);
    expect((await h.gql(`mutation($id: ID!) { deleteSegment(id: $id) }`, { id: cluster.id })).data.deleteSegment).toBe(true);
    expect(await kinds()).toEqual(['RFM']);
    expect((await h.gql(MEMBERS, { id: cluster.id })).data.segment).toBeNull();
  });
});
