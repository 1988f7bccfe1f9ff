import { loadDemoShop } from '../../src/domain/demo';
import { SqlParams } from '../../src/domain/common/sql';
import { compileRule, evaluableInMemory, parseRule } from '../../src/domain/segments/rules';
import { createGraphQLHarness, GraphQLHarness } from '../support/graphql-harness';
import { sql, waitForJob } from '../support/shop-queries';

/**
 * A refresh matches CUSTOM rules against the profiles it holds in memory (rule.evaluate.ts) instead of asking the
 * server to scan every profile and user per segment. The members must be exactly the users the compiled SQL selects
 * from the profiles it wrote, which stays the reference (and runs the rules memory cannot: bought category).
 */
const RULES = [
  'frequency >= 2',
  'recency < 30 and monetary > 100',
  'clv > 20',
  'not clv > 20',
  'propensity >= 0.3 or rfmSegment in ["Champions", "Loyal"]',
  'country = "DE"',
  'country != "DE"',
  'country not in ["FR", "GB"]',
  'rfmScore = "555" or rfmScore in ["111", "112"]',
  'probabilityAlive < 0.5 and expectedPurchases90d > 0.01',
  'not (rfmSegment = "Lost" or frequency in [1, 2])',
  'monetary <= 0',
];

describe('CUSTOM segments matched in memory by the refresh', () => {
  let h: GraphQLHarness;

  beforeAll(async () => {
    h = await createGraphQLHarness();
    await loadDemoShop(h.db.dataSource, { users: 300, products: 40, days: 150, seed: 11 });
    await waitForJob(h, (await h.gql(`mutation { refreshSegments { id } }`)).data.refreshSegments.id);
    const [category] = await sql<{ id: string }>(h, `SELECT id::text AS id FROM categories WHERE parent_id IS NULL ORDER BY id LIMIT 1`);
    for (const [i, rule] of [...RULES, `bought category "${category.id}"`].entries()) {
      const made = await h.gql(`mutation($input: SegmentInput!) { createSegment(input: $input) { id } }`, { input: { name: `Rule ${i}`, rule } });
      expect(made.errors).toBeUndefined();
    }
    await sql(h, `UPDATE users SET country = NULL WHERE id IN (SELECT id FROM users ORDER BY id LIMIT 5)`);
    await waitForJob(h, (await h.gql(`mutation { refreshSegments { id } }`)).data.refreshSegments.id);
  }, 180_000);
  afterAll(() => h.close());

  it('stores exactly the members the compiled rule selects, for every kind of rule', async () => {
    const segments = await sql<{ id: string; rule: string; rule_ast: any; size: number }>(h,
      `SELECT id::text AS id, rule, rule_ast, size FROM segments WHERE kind = 'CUSTOM' ORDER BY id`);
    expect(segments).toHaveLength(RULES.length + 1);
    expect(segments.filter((s) => evaluableInMemory(parseRule(s.rule))).length).toBe(RULES.length); // all but bought category
    const [{ profiled }] = await sql<{ profiled: number }>(h, `SELECT count(*)::int AS profiled FROM customer_profiles`);
    let nonTrivial = 0;
    for (const segment of segments) {
      const params = new SqlParams();
      const reference = await sql<{ id: string }>(h,
        `SELECT p.user_id::text AS id FROM customer_profiles p JOIN users u ON u.id = p.user_id WHERE ${compileRule(segment.rule_ast, params)} ORDER BY 1`,
        params.values);
      const stored = await sql<{ id: string }>(h,
        `SELECT user_id::text AS id FROM segment_memberships WHERE segment_id = $1 ORDER BY 1`, [segment.id]);
      expect({ rule: segment.rule, members: stored.map((r) => r.id) }).toEqual({ rule: segment.rule, members: reference.map((r) => r.id) });
      expect(segment.size).toBe(reference.length);
      if (reference.length > 0 && reference.length < profiled) nonTrivial++;
    }
    expect(nonTrivial).toBeGreaterThanOrEqual(RULES.length - 2);
  });
});
