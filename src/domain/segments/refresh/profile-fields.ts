import type { RuleFieldReader } from '../rules/rule.evaluate';
import { rfmScoreText } from '../rfm/rfm';
import { RFM_SEGMENTS } from '../rfm/rfm.types';
import type { ProfileInputs } from './profile-writer';

const finite = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

/** Each user's row in a column that covers only some users (positions ascending), -1 for the others. */
function rowOf(users: number, positions: ArrayLike<number>): Int32Array {
  const rows = new Int32Array(users).fill(-1);
  for (let i = 0; i < positions.length; i++) rows[positions[i]] = i;
  return rows;
}

/**
 * The rule fields of every profile a refresh writes, read from what it computed (row = the user's position in
 * `userIds`): the values the profile columns get, NULL where they get NULL (a non-finite number is written as NULL).
 */
export function profileFields(inputs: ProfileInputs, countries: ReadonlyArray<string | null>): RuleFieldReader {
  const { rfm, clv, propensity } = inputs;
  const scores = rfm.scores;
  const rfmRow = rowOf(inputs.userIds.length, rfm.users);
  const scoredRow = rowOf(inputs.userIds.length, propensity?.rows ?? []);
  const value = (u: number) => (rfmRow[u] >= 0 ? clv.values[rfmRow[u]] : undefined);
  const rfmNumber = (column: ArrayLike<number>) => (u: number) => (rfmRow[u] >= 0 ? column[rfmRow[u]] : null);
  return {
    rfmSegment: (u) => (rfmRow[u] >= 0 ? RFM_SEGMENTS[scores.segment[rfmRow[u]]] : null),
    rfmScore: (u) => (rfmRow[u] >= 0 ? rfmScoreText(scores.r[rfmRow[u]], scores.f[rfmRow[u]], scores.m[rfmRow[u]]) : null),
    country: (u) => countries[u],
    recency: rfmNumber(scores.recencyDays),
    frequency: rfmNumber(scores.frequency),
    monetary: rfmNumber(scores.monetary),
    clv: (u) => finite(value(u)?.clv),
    probabilityAlive: (u) => finite(value(u)?.probabilityAlive),
    expectedPurchases90d: (u) => finite(value(u)?.expectedPurchases90d),
    propensity: (u) => (scoredRow[u] >= 0 ? finite(propensity!.propensity[scoredRow[u]]) : null),
  };
}
