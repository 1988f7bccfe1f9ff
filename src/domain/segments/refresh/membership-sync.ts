import { RFM_SEGMENTS } from '../rfm/rfm.types';
import type { RequestContext } from '../../common/request-context';
import { execute, query, SqlParams } from '../../common/sql';
import type { RuleNode } from '../rules/rule.types';
import { evaluableInMemory, ruleMatcher, type RuleFieldReader } from '../rules/rule.evaluate';
import { compileRule } from '../rules/rule.sql';
import { addMember, emptyTotals, type DerivedTotals, type SegmentTotals } from './segment-totals';

/** Creates the RFM segments that do not exist yet (one per named segment, in the grid's order). */
export async function ensureRfmSegments(tx: RequestContext): Promise<void> {
  await execute(
    tx,
    `INSERT INTO segments (kind, name, description)
     SELECT 'RFM', name, 'RFM segment "' || name || '": recency, frequency and monetary quintiles (R × FM grid)'
     FROM unnest($1::text[]) WITH ORDINALITY AS s(name, n) ORDER BY n
     ON CONFLICT (kind, name) DO NOTHING`,
    [RFM_SEGMENTS],
  );
}

/**
 * Makes the stored memberships of the CUSTOM segments in `scope` (a condition on `m.segment_id`) equal `desired` (a SELECT of
 * segment_id, user_id, and the member's monetary and clv) as a snapshot diff in one statement: members who left are
 * deleted, new members inserted with since = now(), and members who stay keep their row, hence their `since`.
 * Returns the desired members' statistics (all of `scope` together).
 */
export async function syncMemberships(tx: RequestContext, scope: string, desired: string, params: SqlParams): Promise<SegmentTotals> {
  const [stats] = await query<SegmentTotals>(
    tx,
    `WITH desired AS MATERIALIZED (${desired}),
     gone AS (
       DELETE FROM segment_memberships m
       WHERE ${scope}
         AND NOT EXISTS (SELECT 1 FROM desired d WHERE d.segment_id = m.segment_id AND d.user_id = m.user_id)
     ),
     added AS (
       INSERT INTO segment_memberships (segment_id, user_id, since)
       SELECT segment_id, user_id, now() FROM desired
       ON CONFLICT (segment_id, user_id) DO NOTHING
     )
     SELECT count(*)::int AS size, coalesce(sum(monetary), 0) AS money, coalesce(sum(clv), 0) AS "clvSum",
            count(clv)::int AS "clvCount"
     FROM desired`,
    params.values,
  );
  return stats;
}

/** One rule segment's members: the profiled users its compiled rule selects. Returns their statistics. */
export async function syncRuleMemberships(tx: RequestContext, segmentId: string, rule: RuleNode): Promise<SegmentTotals> {
  const params = new SqlParams();
  const id = params.add(segmentId, 'bigint');
  const condition = compileRule(rule, params);
  return syncMemberships(
    tx,
    `m.segment_id = ${id}`,
    `SELECT ${id} AS segment_id, p.user_id, p.monetary, p.clv FROM customer_profiles p JOIN users u ON u.id = p.user_id WHERE ${condition}`,
    params,
  );
}

/**
 * One rule segment's members given as a list (the refresh matched the rule against the profiles it holds in
 * memory; see ruleMatcher): the same snapshot diff, without the server scanning every profile and user again.
 */
export async function syncListedMemberships(tx: RequestContext, segmentId: string, userIds: readonly string[]): Promise<void> {
  const params = new SqlParams();
  const id = params.add(segmentId, 'bigint');
  const members = params.add(userIds, 'bigint[]');
  await syncMemberships(
    tx,
    `m.segment_id = ${id}`,
    `SELECT ${id} AS segment_id, user_id, NULL::float8 AS monetary, NULL::float8 AS clv FROM unnest(${members}) AS u(user_id)`,
    params,
  );
}

/**
 * One CUSTOM segment's snapshot in a refresh: the rule matched against the profiles the refresh holds in memory when
 * it can be (`fields`, and a rule evaluableInMemory allows: one pass over the users instead of the server scanning
 * every profile and user for each segment), else compiled to SQL. Returns the members' statistics either way.
 */
export async function syncCustomSegment(
  tx: RequestContext, segment: { id: string; rule_ast: RuleNode }, profiles: { userIds: readonly string[]; fields: RuleFieldReader } | null,
): Promise<SegmentTotals> {
  if (!profiles || !evaluableInMemory(segment.rule_ast)) return syncRuleMemberships(tx, segment.id, segment.rule_ast);
  const { userIds, fields } = profiles;
  const matches = ruleMatcher(segment.rule_ast, fields);
  const members: string[] = [];
  const totals = emptyTotals();
  for (let u = 0; u < userIds.length; u++) {
    if (!matches(u)) continue;
    members.push(userIds[u]);
    addMember(totals, fields.monetary(u) as number | null, fields.clv(u) as number | null);
  }
  await syncListedMemberships(tx, segment.id, members);
  return totals;
}

/**
 * Runs a refresh's syncs with segment_memberships' foreign keys dropped, and adds them back NOT VALID: checking a
 * key locks the referenced users and segment row for every member inserted, which made a first snapshot of 115,000
 * members take 3.8 s instead of 1.4 s. The rows inserted are users profiled in this transaction (a refresh during
 * which a user was forgotten matches in SQL, joined to users), and dropping a key locks both referenced tables until commit, so no user or segment disappears meanwhile; the
 * keys (and their ON DELETE CASCADE) are back before anyone else sees the table. The same locks the profile swap
 * already takes on users.
 */
export async function withoutMembershipKeys<T>(tx: RequestContext, sync: () => Promise<T>): Promise<T> {
  const keys = await query<{ name: string; def: string }>(
    tx,
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE conrelid = 'segment_memberships'::regclass AND contype = 'f' ORDER BY conname`,
  );
  for (const key of keys) await execute(tx, `ALTER TABLE segment_memberships DROP CONSTRAINT "${key.name}"`);
  const result = await sync();
  for (const key of keys) {
    await execute(tx, `ALTER TABLE segment_memberships ADD CONSTRAINT "${key.name}" ${key.def.replace(/\s+NOT VALID$/, '')} NOT VALID`);
  }
  return result;
}

/** The CUSTOM segments, with their stored rules. */
export async function customSegments(tx: RequestContext): Promise<Array<{ id: string; rule_ast: RuleNode }>> {
  return query(tx, `SELECT id::text AS id, rule_ast FROM segments WHERE kind = 'CUSTOM' ORDER BY id`);
}

/** Sets segments' statistics from `st` (segment_id, size, money, avg_clv) and the total spend `total` (money). */
const SET_STATS = (total: string, st: string, ids: string) => `
  WITH total AS (${total}), st AS (${st})
  UPDATE segments s SET
    size = coalesce(st.size, 0),
    revenue_share = CASE WHEN total.money > 0 THEN coalesce(st.money, 0) / total.money END,
    avg_clv = st.avg_clv,
    refreshed_at = now()
  FROM total, segments s2 LEFT JOIN st ON st.segment_id = s2.id
  WHERE s2.id = s.id AND s.id = ANY(${ids}::bigint[])`;

/** CUSTOM members' statistics (the stored memberships joined to their profiles) of the segments in $1. */
const CUSTOM_STATS = `
  SELECT m.segment_id, count(*)::int AS size, sum(p.monetary) AS money, avg(p.clv) AS avg_clv
  FROM segment_memberships m JOIN customer_profiles p ON p.user_id = m.user_id
  WHERE m.segment_id = ANY($1::bigint[])
  GROUP BY m.segment_id`;

/**
 * Size, revenue share (members' net spend / everyone's, null when nobody spent) and average CLV of the given
 * segments, from their current members' profiles; marks them refreshed now. RFM and CLUSTER members are the profiles
 * naming them, so their statistics come from one grouping-sets pass over customer_profiles (which also yields the
 * total); CUSTOM members are the stored memberships joined to their profiles.
 */
export async function updateSegmentStats(tx: RequestContext, segmentIds: readonly string[]): Promise<void> {
  const grouped = `
    SELECT GROUPING(rfm_segment, cluster_segment_id) AS grouping, rfm_segment, cluster_segment_id,
           count(*)::int AS size, sum(monetary) AS money, avg(clv) AS avg_clv
    FROM customer_profiles
    GROUP BY GROUPING SETS ((rfm_segment), (cluster_segment_id), ())`;
  await execute(
    tx,
    `WITH grouped AS MATERIALIZED (${grouped})
     ${SET_STATS('SELECT money FROM grouped WHERE grouping = 3', `
       SELECT s.id AS segment_id, g.size, g.money, g.avg_clv
       FROM grouped g JOIN segments s ON s.kind = 'RFM' AND s.name = g.rfm_segment
       WHERE g.grouping = 1
       UNION ALL
       SELECT s.id, g.size, g.money, g.avg_clv
       FROM grouped g JOIN segments s ON s.kind = 'CLUSTER' AND s.id = g.cluster_segment_id
       WHERE g.grouping = 2
       UNION ALL ${CUSTOM_STATS}`, '$1').replace(/^\s*WITH /, ',')}`,
    [segmentIds],
  );
}

/**
 * `updateSegmentStats` for a refresh, which knows every statistic already: the RFM and CLUSTER totals from what it
 * wrote (see derivedTotals), each CUSTOM segment's from its sync. The server only stores them.
 */
export async function updateRefreshedSegmentStats(
  tx: RequestContext, segmentIds: readonly string[], derived: DerivedTotals, custom: ReadonlyMap<string, SegmentTotals>,
): Promise<void> {
  const ids: string[] = [];
  const [sizes, money, avgClv] = [[] as number[], [] as number[], [] as Array<number | null>];
  const put = (id: string, t: SegmentTotals) => {
    ids.push(id);
    sizes.push(t.size);
    money.push(t.money);
    avgClv.push(t.clvCount > 0 ? t.clvSum / t.clvCount : null);
  };
  const rfm = await query<{ id: string; name: string }>(tx, `SELECT id::text AS id, name FROM segments WHERE kind = 'RFM'`);
  for (const { id, name } of rfm) {
    const totals = derived.rfm.get(name);
    if (totals) put(id, totals);
  }
  for (const [id, totals] of [...derived.clusters, ...custom]) put(id, totals);
  await execute(
    tx,
    SET_STATS('SELECT $2::float8 AS money', `SELECT * FROM unnest($3::bigint[], $4::int[], $5::float8[], $6::float8[]) AS d(segment_id, size, money, avg_clv)`, '$1'),
    [segmentIds, derived.money, ids, sizes, money, avgClv],
  );
}
