import type { PoolClient } from 'pg';
import { copyBinaryRows, type BinaryRowWriter } from '../../../data/bulk/copy-in-binary';
import { copyOutRows } from '../../../data/bulk/copy-out';
import { IdIndex } from '../../../data/bulk/id-index';
import type { ShopPropensity } from '../../marketing/propensity';
import { withPooledClient, type BulkContext } from '../../common/pooled-client';
import type { RequestContext } from '../../common/request-context';
import { execute, query } from '../../common/sql';
import { rfmScoreText } from '../rfm/rfm';
import { RFM_SEGMENTS, type RfmColumns } from '../rfm/rfm.types';
import type { ClvOutcome } from './customer-values';

/** What one refresh computed, per user of the ledger (`userIds`, ascending id). */
export interface ProfileInputs {
  userIds: readonly string[];
  /** RFM of the users with purchases: their positions in `userIds` (ascending) and their scores, row by row. */
  rfm: { users: Int32Array; scores: RfmColumns };
  /** CLV values of the same users (aligned with the RFM rows; empty when CLV was not computed). */
  clv: ClvOutcome;
  propensity: ShopPropensity | null;
  /** Each clustered user's CLUSTER segment id (users in ledger order). */
  clusters: { ids: readonly string[]; segmentIds: readonly string[] } | null;
}

/** Users' segments before this refresh, and since when (ms; NaN when none): kept when the segment stays the same. */
export interface PreviousProfiles {
  rfmSegment: Array<string | null>;
  rfmSince: Float64Array;
  clusterSegment: Float64Array;
  clusterSince: Float64Array;
}

const COLUMNS = [
  'user_id', 'recency', 'frequency', 'monetary', 'rfm_score', 'rfm_segment', 'expected_purchases_90d', 'probability_alive',
  'clv', 'propensity', 'propensity_contributions', 'cluster_segment_id', 'rfm_since', 'cluster_since',
];

/**
 * The segments every user (of `userIds`) was in, and since when, as the current profiles say. Read before the write
 * transaction, side by side with the computation; the refresh lock keeps another refresh from committing in between
 * in all but a race that would only reset a `since` to now.
 */
export async function readPreviousProfiles(ctx: BulkContext, userIds: readonly string[]): Promise<PreviousProfiles> {
  const n = userIds.length;
  const previous: PreviousProfiles = {
    rfmSegment: new Array<string | null>(n).fill(null),
    rfmSince: new Float64Array(n).fill(Number.NaN),
    clusterSegment: new Float64Array(n).fill(Number.NaN),
    clusterSince: new Float64Array(n).fill(Number.NaN),
  };
  const index = new IdIndex(userIds.map(Number));
  // the segment as its position in RFM_SEGMENTS (0 for none): a million names decoded as text cost node more than
  // the server's lookup
  await withPooledClient(ctx, (client) => copyOutRows(
    client,
    `SELECT user_id, coalesce(array_position('${pgTextArray(RFM_SEGMENTS)}'::text[], rfm_segment), 0), coalesce(rfm_since, as_of),
            cluster_segment_id, coalesce(cluster_since, as_of)
     FROM customer_profiles`,
    ['int8', 'int4', 'timestamptz', 'int8', 'timestamptz'],
    (row) => {
      const u = index.get(row.numbers[0]);
      if (u < 0) return;
      const segment = row.numbers[1];
      previous.rfmSegment[u] = segment > 0 ? RFM_SEGMENTS[segment - 1] : null;
      previous.rfmSince[u] = row.numbers[2];
      previous.clusterSegment[u] = row.numbers[3]; // NaN when null
      previous.clusterSince[u] = row.numbers[4];
    },
  ));
  return previous;
}

/** A text[] literal of plain names (letters, spaces, an apostrophe doubled for SQL). */
function pgTextArray(names: readonly string[]): string {
  return `{${names.map((name) => `"${name.replace(/'/g, "''")}"`).join(',')}}`;
}

/** Every user's profile row in binary COPY form, yielding every 5,000 rows so they stream while being encoded. */
function* profileRows(w: BinaryRowWriter, inputs: ProfileInputs, previous: PreviousProfiles, nowMs: number): Generator<void> {
  const { userIds, rfm, clv, propensity, clusters } = inputs;
  const scores = rfm.scores;
  let [s, p, c] = [0, 0, 0];
  for (let u = 0; u < userIds.length; u++) {
    const id = userIds[u];
    const row = rfm.users[s] === u ? s++ : -1;
    const scored = propensity !== null && propensity.rows[p] === u ? p++ : -1;
    const segment = clusters !== null && clusters.ids[c] === id ? clusters.segmentIds[c++] : null;
    const value = row >= 0 ? clv.values[row] : undefined;
    const rfmSegment = row >= 0 ? RFM_SEGMENTS[scores.segment[row]] : null;
    w.row(COLUMNS.length);
    w.int8(Number(id));
    w.int4(row >= 0 ? scores.recencyDays[row] : null);
    w.int4(row >= 0 ? scores.frequency[row] : null);
    w.float8(row >= 0 ? scores.monetary[row] : null);
    w.text(row >= 0 ? rfmScoreText(scores.r[row], scores.f[row], scores.m[row]) : null);
    w.text(rfmSegment);
    w.float8(value?.expectedPurchases90d);
    w.float8(value?.probabilityAlive);
    w.float8(value?.clv);
    w.float8(scored >= 0 ? propensity!.propensity[scored] : null);
    if (scored >= 0) w.float4Array(propensity!.contributions, scored * propensity!.features, propensity!.features);
    else w.null();
    w.int8(segment === null ? null : Number(segment));
    w.timestamptz(rfmSegment === null ? null : rfmSegment === previous.rfmSegment[u] ? previous.rfmSince[u] : nowMs);
    w.timestamptz(segment === null ? null : Number(segment) === previous.clusterSegment[u] ? previous.clusterSince[u] : nowMs);
    if ((u + 1) % 5000 === 0) yield;
  }
}

/** The indexes and constraints of customer_profiles as the migrations made them, to rebuild on the new table. */
async function tableShape(tx: RequestContext): Promise<{ indexes: Array<{ name: string; def: string }>; constraints: Array<{ name: string; def: string; type: string }> }> {
  const constraints = await query<{ name: string; def: string; type: string }>(
    tx,
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def, contype AS type FROM pg_constraint
     WHERE conrelid = 'customer_profiles'::regclass AND contype IN ('p', 'u', 'f') ORDER BY contype DESC, conname`,
  );
  const indexes = await query<{ name: string; def: string }>(
    tx,
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = 'customer_profiles'::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)
     ORDER BY i.relname`,
  );
  return { indexes, constraints };
}

/**
 * Removes the profiles of users deleted (forgotten) after the ledger was read: the foreign key's cascade already ran
 * on the old table. Users get identity ids, so while every ledger user still exists the number of users with an id
 * up to the ledger's largest equals the ledger's count — an index-only count instead of an anti-join over a million
 * profiles, which runs only when the counts differ.
 */
async function dropForgottenUsers(tx: RequestContext, userIds: readonly string[]): Promise<boolean> {
  if (userIds.length === 0) return false;
  const [{ n }] = await query<{ n: number }>(tx, `SELECT count(*)::int AS n FROM users WHERE id <= $1::bigint`, [userIds[userIds.length - 1]]);
  if (n === userIds.length) return false;
  await execute(tx, `DELETE FROM customer_profiles p WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p.user_id)`);
  return true;
}

/**
 * Writes every user's profile (RFM, CLV, propensity, cluster, and since when they are in their segments) by building
 * the table anew and swapping it in: COPY into an empty table without indexes, build the indexes and keys the
 * migrations gave the old one, then drop it and rename. Rewriting a million rows in place (an upsert) costs several
 * times as much: every row leaves a dead version and updates every index. Readers keep the old table until the
 * transaction commits; the swap itself holds its lock only for the renames. Foreign keys are added NOT VALID (the
 * rows come from the users just read; a user deleted meanwhile is removed below). Returns the rows written, and
 * whether any user of the ledger was deleted meanwhile (so `userIds` is no longer exactly the profiled users).
 */
export async function writeProfiles(
  tx: RequestContext, asOf: Date, inputs: ProfileInputs, previous: PreviousProfiles,
): Promise<{ written: number; forgotten: boolean }> {
  if (!tx.queryRunner) throw new Error('writeProfiles must run inside a transaction');
  const client = (await tx.queryRunner.connect()) as PoolClient;
  const shape = await tableShape(tx);
  await execute(tx, `DROP TABLE IF EXISTS customer_profiles_next`);
  await execute(tx, `CREATE TABLE customer_profiles_next (LIKE customer_profiles INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  const asOfLiteral = `'${asOf.toISOString()}'::timestamptz`;
  await execute(tx, `ALTER TABLE customer_profiles_next ALTER COLUMN as_of SET DEFAULT ${asOfLiteral}, ALTER COLUMN updated_at SET DEFAULT now()`);
  const nowMs = Date.now();
  await copyBinaryRows(client, 'customer_profiles_next', COLUMNS, (w) => profileRows(w, inputs, previous, nowMs), { freeze: true });
  // sorting a million keys for each index in memory rather than in temporary files
  await execute(tx, `SET LOCAL maintenance_work_mem = '256MB'`);
  await execute(tx, `ALTER TABLE customer_profiles_next ALTER COLUMN as_of DROP DEFAULT`);
  for (const c of shape.constraints.filter((k) => k.type !== 'f')) {
    await execute(tx, `ALTER TABLE customer_profiles_next ADD CONSTRAINT "${c.name}_next" ${c.def}`);
  }
  for (const index of shape.indexes) {
    await execute(tx, index.def.replace(` ${index.name} ON `, ` ${index.name}_next ON `).replace(/ ON (public\.)?customer_profiles /, ' ON customer_profiles_next '));
  }
  // planner statistics from a 7,500-row sample (30,000 by default): a quarter of the time, and a column with a
  // handful of values (rfm_segment) or a unique key needs no finer histogram
  await execute(tx, `SET LOCAL default_statistics_target = 25`);
  await execute(tx, 'ANALYZE customer_profiles_next');
  await execute(tx, `SET LOCAL default_statistics_target TO DEFAULT`);
  await execute(tx, `DROP TABLE customer_profiles`);
  await execute(tx, `ALTER TABLE customer_profiles_next RENAME TO customer_profiles`);
  for (const c of shape.constraints.filter((k) => k.type !== 'f')) {
    await execute(tx, `ALTER TABLE customer_profiles RENAME CONSTRAINT "${c.name}_next" TO "${c.name}"`);
  }
  for (const index of shape.indexes) await execute(tx, `ALTER INDEX "${index.name}_next" RENAME TO "${index.name}"`);
  for (const c of shape.constraints.filter((k) => k.type === 'f')) {
    await execute(tx, `ALTER TABLE customer_profiles ADD CONSTRAINT "${c.name}" ${c.def.replace(/\s+NOT VALID$/, '')} NOT VALID`);
  }
  const forgotten = await dropForgottenUsers(tx, inputs.userIds);
  return { written: inputs.userIds.length, forgotten };
}
