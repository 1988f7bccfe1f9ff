import type { RequestContext } from '../../common/request-context';
import { execute } from '../../common/sql';
import type { RfmScore } from '../rfm/rfm.types';
import type { ClvOutcome } from './customer-values';

/**
 * Replaces every user's profile in one statement: the computed columns travel as parallel arrays and are
 * unnested server-side, LEFT JOINed onto all users, so a user without purchases gets a profile of nulls and
 * 100k+ users cost one round trip. Propensity columns are kept from the previous profile (another job owns them).
 */
const UPSERT_SQL = `
  INSERT INTO customer_profiles AS cp (user_id, as_of, recency, frequency, monetary, rfm_score, rfm_segment,
                                       expected_purchases_90d, probability_alive, clv, updated_at)
  SELECT u.id, $1::timestamptz, d.recency, d.frequency, d.monetary, d.rfm_score, d.rfm_segment,
         d.expected, d.alive, d.clv, now()
  FROM users u
  LEFT JOIN unnest($2::bigint[], $3::int[], $4::int[], $5::float8[], $6::text[], $7::text[], $8::float8[],
                   $9::float8[], $10::float8[])
         AS d(user_id, recency, frequency, monetary, rfm_score, rfm_segment, expected, alive, clv)
    ON d.user_id = u.id
  ON CONFLICT (user_id) DO UPDATE SET
    as_of = EXCLUDED.as_of, recency = EXCLUDED.recency, frequency = EXCLUDED.frequency,
    monetary = EXCLUDED.monetary, rfm_score = EXCLUDED.rfm_score, rfm_segment = EXCLUDED.rfm_segment,
    expected_purchases_90d = EXCLUDED.expected_purchases_90d, probability_alive = EXCLUDED.probability_alive,
    clv = EXCLUDED.clv, updated_at = EXCLUDED.updated_at`;

/** Writes the profiles of every user; returns how many rows were written. */
export async function writeProfiles(
  tx: RequestContext,
  asOf: Date,
  scores: readonly RfmScore[],
  clv: ClvOutcome,
): Promise<number> {
  const n = scores.length;
  const cols = {
    id: new Array<string>(n),
    recency: new Array<number>(n),
    frequency: new Array<number>(n),
    monetary: new Array<number>(n),
    score: new Array<string>(n),
    segment: new Array<string>(n),
    expected: new Array<number | null>(n),
    alive: new Array<number | null>(n),
    clv: new Array<number | null>(n),
  };
  scores.forEach((s, i) => {
    const v = clv.values.get(s.userId);
    cols.id[i] = s.userId;
    cols.recency[i] = s.recencyDays;
    cols.frequency[i] = s.frequency;
    cols.monetary[i] = s.monetary;
    cols.score[i] = `${s.r}${s.f}${s.m}`;
    cols.segment[i] = s.segment;
    cols.expected[i] = v?.expectedPurchases90d ?? null;
    cols.alive[i] = v?.probabilityAlive ?? null;
    cols.clv[i] = v?.clv ?? null;
  });
  const result = await execute(tx, UPSERT_SQL, [
    asOf, cols.id, cols.recency, cols.frequency, cols.monetary, cols.score, cols.segment, cols.expected, cols.alive, cols.clv,
  ]);
  return result.rowCount;
}
