import { performance } from 'node:perf_hooks';
import type { JobHandle } from '../../jobs/job-execution';
import { execute, query } from '../../common/sql';
import { withTransaction } from '../../common/transaction';
import { countSegmentColumn, scoreRfmColumns } from '../rfm/rfm';
import type { RfmColumns } from '../rfm/rfm.types';
import { chooseAsOf, valueCustomers, type ClvOutcome } from './customer-values';
import { nextTurn } from '../../common/next-turn';
import {
  customSegments, ensureRfmSegments, syncCustomSegment, updateRefreshedSegmentStats, withoutMembershipKeys,
} from './membership-sync';
import { derivedTotals, type SegmentTotals } from './segment-totals';
import { profileFields } from './profile-fields';
import { readPreviousProfiles, writeProfiles, type PreviousProfiles, type ProfileInputs } from './profile-writer';
import { writeClusters } from './behaviour-writer';
import { scoreShopPropensity, type ShopPropensity } from '../../marketing/propensity';
import { behaviourTableOf, clusterBehaviour, type ClusterInput, type Clustering } from '../clustering';
import type { CustomerLedger } from '../ledger/customer-ledger';
import { loadCustomerLedger } from '../ledger/ledger.loader';
import { clvSummariesOf, historiesOf, rfmMeasuresOf } from '../ledger/ledger-measures';
import { isAisleError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';

/**
 * Runs a part of the refresh that needs enough data (propensity, clustering): a coded failure (MODEL_NOT_READY,
 * too few customers) leaves it out with its message instead of failing the whole refresh.
 */
async function optional<T>(ctx: RequestContext, part: string, run: () => Promise<T>): Promise<{ value: T | null; message: string | null }> {
  try {
    return { value: await run(), message: null };
  } catch (error) {
    if (!isAisleError(error)) throw error;
    ctx.logger.info({ part, reason: error.message }, 'segment refresh: part skipped');
    return { value: null, message: `${part}: ${error.message}` };
  }
}

/** A read started early and awaited later: marked handled now, so a failure surfaces where it is awaited. */
function background<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Job kind of a segment refresh. */
export const REFRESH_SEGMENTS_JOB = 'REFRESH_SEGMENTS';

/** Serialises refreshes (two jobs, or a job and a worker on another process) so snapshots never interleave. */
export const REFRESH_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('aisle:refresh-segments'))`;

/** What the scoring stage computed for the ledger's customers (see refreshSegments). */
interface Scored {
  /** RFM of the users with a purchase: their ledger positions and scores. */
  rfm: { users: Int32Array; scores: RfmColumns };
  clv: ClvOutcome;
  propensity: { value: ShopPropensity | null; message: string | null };
  clustering: { value: Clustering | null; message: string | null };
  /** The behaviour table the clustering ran on (its ids are the clustered users). */
  table: ClusterInput;
}

/** RFM, CLV, propensity and clusters: the MLP and k-means run on the addon's threads while this thread does RFM and CLV. */
async function scoreCustomers(ctx: RequestContext, ledger: CustomerLedger, asOf: Date): Promise<Scored> {
  // each step below is a synchronous pass over every customer (up to ~1 s at a million): between them the event loop
  // serves what queued up, so an in-process refresh delays requests by one step at most
  const propensityRun = background(optional(ctx, 'propensity', () => scoreShopPropensity(historiesOf(ledger), asOf)));
  await nextTurn();
  const table = behaviourTableOf(ledger);
  const clusteringRun = background(optional(ctx, 'clustering', () => clusterBehaviour(table)));
  await nextTurn();
  const measures = rfmMeasuresOf(ledger);
  const rfm = { users: measures.users, scores: scoreRfmColumns(measures, asOf) };
  await nextTurn();
  const clv = await valueCustomers(clvSummariesOf(ledger));
  // both are the users with a purchase, in ledger order: the profile write pairs them by position
  if (clv.values.length > 0 && clv.values.length !== rfm.users.length) throw new Error('CLV values and RFM scores are not aligned');
  const [propensity, clustering] = await Promise.all([propensityRun, clusteringRun]);
  return { rfm, clv, propensity, clustering, table };
}

/** Every CUSTOM segment's snapshot (see syncCustomSegment), with the membership keys set aside; their statistics by id. */
async function syncCustomSegments(
  tx: RequestContext, job: JobHandle, inMemory: Parameters<typeof syncCustomSegment>[2],
): Promise<Map<string, SegmentTotals>> {
  const stats = new Map<string, SegmentTotals>();
  const [{ n }] = await query<{ n: number }>(tx, `SELECT count(*)::int AS n FROM segments WHERE kind = 'CUSTOM'`);
  if (n === 0) return stats;
  await withoutMembershipKeys(tx, async () => {
    const custom = await customSegments(tx); // read once the keys' locks keep segments from changing
    for (const [i, segment] of custom.entries()) {
      job.progress(0.8 + (0.15 * i) / custom.length, `refreshing custom segment ${segment.id}`);
      stats.set(segment.id, await syncCustomSegment(tx, segment, inMemory));
    }
  });
  return stats;
}

/**
 * The snapshot, in the caller's transaction under the refresh lock: RFM and CLUSTER segments, every profile (which
 * carries RFM and CLUSTER membership), each CUSTOM segment's members, then every segment's statistics.
 */
async function writeSnapshot(
  tx: RequestContext, job: JobHandle, asOf: Date, ledger: Pick<CustomerLedger, 'userIds' | 'countries'>, scored: Scored,
  previous: PreviousProfiles,
): Promise<{ profiles: number; customSegments: number }> {
  const userIds = ledger.userIds;
  await execute(tx, REFRESH_LOCK_SQL);
  await ensureRfmSegments(tx);
  const { rfm, clv, propensity, clustering, table } = scored;
  const clusterSegments = await writeClusters(tx, clustering.value);
  const clusters = clustering.value
    ? { ids: table.ids, segmentIds: Array.from(clustering.value.labels, (label) => clusterSegments[label]) }
    : null;
  const inputs: ProfileInputs = { userIds, rfm, clv, propensity: propensity.value, clusters };
  const { written: profiles, forgotten } = await writeProfiles(tx, asOf, inputs, previous);
  // rules run on the profiles in memory while they are exactly the profiled users (no user deleted meanwhile)
  const inMemory = forgotten ? null : { userIds, fields: profileFields(inputs, ledger.countries) };
  const customStats = await syncCustomSegments(tx, job, inMemory);
  job.progress(0.96, 'updating segment statistics');
  const [{ ids }] = await execute<{ ids: string[] }>(
    tx,
    `SELECT coalesce(array_agg(id::text), '{}') AS ids FROM segments WHERE kind IN ('RFM', 'CLUSTER', 'CUSTOM')`,
  ).then((r) => r.rows);
  await updateRefreshedSegmentStats(tx, ids, derivedTotals(inputs), customStats);
  return { profiles, customSegments: customStats.size };
}

/**
 * The REFRESH_SEGMENTS job: RFM, CLV and purchase propensity (the native MLP) for every customer as of the
 * reference date, written to customer_profiles; behavioural k-means clusters as CLUSTER segments; then every CUSTOM
 * segment's membership snapshot and every segment's statistics, all in one transaction (readers see the old snapshot
 * until it commits). Orders are read once, as a ledger every measure is computed from; reading and scoring happen
 * before the transaction opens, so locks are held only while writing. RFM and CLUSTER membership is derived from the
 * profile columns; only CUSTOM segments store member rows.
 */
export async function refreshSegments(job: JobHandle, now = new Date()): Promise<Record<string, unknown>> {
  const started = performance.now();
  const ctx = job.ctx;
  job.progress(0.02, 'choosing the reference date');
  const asOf = await chooseAsOf(ctx, now);
  job.progress(0.05, 'reading orders');
  const ledger = await loadCustomerLedger(ctx, asOf);
  const previous = background(readPreviousProfiles(ctx, ledger.userIds));
  job.progress(0.3, 'scoring customers: RFM, CLV, propensity, clusters');
  const scored = await scoreCustomers(ctx, ledger, asOf);
  const { rfm, clv, propensity, clustering } = scored;
  job.progress(0.6, 'writing profiles');
  const written = await withTransaction(ctx, async (tx) => writeSnapshot(tx, job, asOf, ledger, scored, await previous));
  job.progress(1, clv.message ?? 'segments refreshed');
  return {
    asOf: asOf.toISOString(),
    users: written.profiles,
    customers: rfm.users.length,
    rfmSegments: countSegmentColumn(rfm.scores.segment),
    customSegments: written.customSegments,
    clv: clv.fit,
    clvMessage: clv.message,
    propensity: propensity.value ? { scored: propensity.value.rows.length, trainedOn: propensity.value.trainedOn } : null,
    propensityMessage: propensity.message,
    clusters: clustering.value
      ? { k: clustering.value.k, silhouette: clustering.value.silhouette, names: clustering.value.clusters.map((c) => c.name) }
      : null,
    clusteringMessage: clustering.message,
    seconds: Math.round(performance.now() - started) / 1000,
  };
}
