import type { PoolClient } from 'pg';
import { copyRows, type CopyValue } from '../../../data/bulk/copy';
import type { ShopPropensity } from '../../marketing/propensity';
import type { RequestContext } from '../../common/request-context';
import { execute } from '../../common/sql';
import type { RfmScore } from '../rfm/rfm.types';
import type { ClvOutcome } from './customer-values';

/** The computed columns of one refresh; dropped when the refresh's transaction ends. */
const STAGING_SQL = `
  CREATE TEMP TABLE refresh_profiles (
    user_id bigint PRIMARY KEY, recency int, frequency int, monetary float8, rfm_score text, rfm_segment text,
    expected float8, alive float8, clv float8, propensity float8, drivers text, cluster_segment_id bigint
  ) ON COMMIT DROP`;
const STAGING_COLUMNS = [
  'user_id', 'recency', 'frequency', 'monetary', 'rfm_score', 'rfm_segment', 'expected', 'alive', 'clv', 'propensity', 'drivers',
  'cluster_segment_id',
];

/**
 * Replaces every user's profile in one statement from the staging table, LEFT JOINed onto all users, so a user
 * without purchases (or without a propensity score) gets nulls there. rfm_since / cluster_since are kept while the
 * user's RFM segment / cluster segment stays the same, else set to now (null outside any).
 */
const UPSERT_SQL = `
  INSERT INTO customer_profiles AS cp (user_id, as_of, recency, frequency, monetary, rfm_score, rfm_segment,
                                       expected_purchases_90d, probability_alive, clv, propensity, propensity_drivers,
                                       updated_at, cluster_segment_id, rfm_since, cluster_since)
  SELECT u.id, $1::timestamptz, d.recency, d.frequency, d.monetary, d.rfm_score, d.rfm_segment,
         d.expected, d.alive, d.clv, d.propensity, d.drivers, now(), d.cluster_segment_id,
         CASE WHEN d.rfm_segment IS NOT NULL THEN now() END, CASE WHEN d.cluster_segment_id IS NOT NULL THEN now() END
  FROM users u
  LEFT JOIN refresh_profiles d ON d.user_id = u.id
  ON CONFLICT (user_id) DO UPDATE SET
    as_of = EXCLUDED.as_of, recency = EXCLUDED.recency, frequency = EXCLUDED.frequency,
    monetary = EXCLUDED.monetary, rfm_score = EXCLUDED.rfm_score, rfm_segment = EXCLUDED.rfm_segment,
    expected_purchases_90d = EXCLUDED.expected_purchases_90d, probability_alive = EXCLUDED.probability_alive,
    clv = EXCLUDED.clv, propensity = EXCLUDED.propensity, propensity_drivers = EXCLUDED.propensity_drivers,
    updated_at = EXCLUDED.updated_at, cluster_segment_id = EXCLUDED.cluster_segment_id,
    rfm_since = CASE WHEN cp.rfm_segment = EXCLUDED.rfm_segment THEN coalesce(cp.rfm_since, EXCLUDED.rfm_since) ELSE EXCLUDED.rfm_since END,
    cluster_since = CASE WHEN cp.cluster_segment_id = EXCLUDED.cluster_segment_id THEN coalesce(cp.cluster_since, EXCLUDED.cluster_since)
                         ELSE EXCLUDED.cluster_since END`;

const finiteOrNull = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/** One staging row per customer with purchases, a propensity score or a cluster. */
function* stagingRows(scores: readonly RfmScore[], clv: ClvOutcome, propensity: ShopPropensity | null,
  clusterOf: ReadonlyMap<string, string>): Generator<CopyValue[]> {
  const scored = new Set<string>();
  for (const s of scores) {
    const v = clv.values.get(s.userId);
    const p = propensity?.scores.get(s.userId);
    scored.add(s.userId);
    yield [
      s.userId, s.recencyDays, s.frequency, s.monetary, `${s.r}${s.f}${s.m}`, s.segment,
      v?.expectedPurchases90d ?? null, v?.probabilityAlive ?? null, v?.clv ?? null, finiteOrNull(p?.propensity), p?.drivers ?? null,
      clusterOf.get(s.userId) ?? null,
    ];
  }
  for (const [id, p] of propensity?.scores ?? []) {
    if (scored.has(id)) continue;
    scored.add(id);
    yield [id, null, null, null, null, null, null, null, null, finiteOrNull(p.propensity), p.drivers, clusterOf.get(id) ?? null];
  }
  for (const [id, segment] of clusterOf) {
    if (!scored.has(id)) yield [id, null, null, null, null, null, null, null, null, null, null, segment];
  }
}

/**
 * Writes the profiles of every user (RFM, CLV and propensity): the computed columns are COPYed into a temporary
 * staging table, then one upsert joins them onto all users. COPY is the cheapest way into PostgreSQL for a million
 * rows (parameter arrays cost node a large bind message and the server an unnest). Returns how many rows were written.
 */
export async function writeProfiles(
  tx: RequestContext,
  asOf: Date,
  scores: readonly RfmScore[],
  clv: ClvOutcome,
  propensity: ShopPropensity | null,
  clusterOf: ReadonlyMap<string, string> = new Map(),
): Promise<number> {
  if (!tx.queryRunner) throw new Error('writeProfiles must run inside a transaction');
  const client = (await tx.queryRunner.connect()) as PoolClient;
  await execute(tx, STAGING_SQL);
  await copyRows(client, 'refresh_profiles', STAGING_COLUMNS, stagingRows(scores, clv, propensity, clusterOf));
  await execute(tx, 'ANALYZE refresh_profiles');
  const result = await execute(tx, UPSERT_SQL, [asOf]);
  return result.rowCount;
}
