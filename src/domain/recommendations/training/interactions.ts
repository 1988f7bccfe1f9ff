import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { TrainingSettings } from '../../../config/config';
import type { RequestContext } from '../../common/request-context';
import { query } from '../../common/sql';

/** A user × item matrix in CSR form (items ascending within a row), the addon's factorisation naming. */
export interface Csr {
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  nItems: number;
}

/**
 * What training reads: the weighted matrix, the database ids behind its dense rows/columns, and for each stored
 * entry the time of its latest event (unix seconds; used by the holdout and by popularity's decay).
 */
export interface TrainingData {
  csr: Csr;
  times: Float64Array;
  userIds: string[];
  itemIds: string[];
}

/** How events become weights: the configured per-type weights, and an optional half-life (days) of time decay. */
export interface WeightingOptions {
  eventWeights: TrainingSettings['eventWeights'];
  ratingMidpoint: number;
  /** null: no decay. Otherwise an event `halfLife` days older than the newest event weighs half. */
  decayHalfLifeDays: number | null;
}

/** Rows between two yields to the event loop while the matrix is assembled. */
const YIELD_EVERY = 10_000;

/**
 * The one aggregate that turns `events` into training signal: per (user, product) the sum of event weights (RATING
 * weighs value − midpoint, clamped to ±midpoint), each times exp(−ln2·age/halfLife) when decay is on (age measured
 * back from the newest event), keeping only pairs whose sum is > 0 — so a RETURN cancels its PURCHASE and negatives
 * never reach the kernels. Dense indices come from dense_rank over the kept pairs, so ids map in ascending order.
 */
export const INTERACTIONS_SQL = `
  WITH ref AS (SELECT max(occurred_at) AS newest FROM events),
  agg AS (
    SELECT e.user_id, e.product_id,
      sum(
        (CASE WHEN e.type = 'RATING'
              THEN greatest(-$2::float8, least($2::float8, coalesce(e.value, $2::float8) - $2::float8))
              ELSE coalesce(($1::jsonb ->> e.type)::float8, 0) END)
        * (CASE WHEN $3::float8 IS NULL THEN 1
                ELSE exp(-ln(2) * extract(epoch FROM (ref.newest - e.occurred_at)) / ($3::float8 * 86400)) END)
      ) AS w,
      extract(epoch FROM max(e.occurred_at))::float8 AS t
    FROM events e CROSS JOIN ref
    GROUP BY e.user_id, e.product_id
    HAVING sum(
        (CASE WHEN e.type = 'RATING'
              THEN greatest(-$2::float8, least($2::float8, coalesce(e.value, $2::float8) - $2::float8))
              ELSE coalesce(($1::jsonb ->> e.type)::float8, 0) END)
        * (CASE WHEN $3::float8 IS NULL THEN 1
                ELSE exp(-ln(2) * extract(epoch FROM (ref.newest - e.occurred_at)) / ($3::float8 * 86400)) END)
      ) > 1e-9
  )
  SELECT user_id::text AS u, product_id::text AS p, w::float8 AS w, t,
    (dense_rank() OVER (ORDER BY user_id) - 1)::int AS ui,
    (dense_rank() OVER (ORDER BY product_id) - 1)::int AS ii
  FROM agg
  ORDER BY user_id, product_id`;

interface InteractionRow {
  u: string;
  p: string;
  w: number;
  t: number;
  ui: number;
  ii: number;
}

/**
 * Loads the weighted interaction matrix with INTERACTIONS_SQL (one statement, grouped in PostgreSQL, never row by
 * row through the ORM) and packs it into typed arrays, yielding to the event loop every 10,000 rows.
 */
export async function loadInteractions(ctx: RequestContext, options: WeightingOptions): Promise<TrainingData> {
  const rows = await query<InteractionRow>(ctx, INTERACTIONS_SQL, [
    JSON.stringify(options.eventWeights),
    options.ratingMidpoint,
    options.decayHalfLifeDays,
  ]);
  const nUsers = rows.length ? rows[rows.length - 1].ui + 1 : 0;
  const indptr = new Int32Array(nUsers + 1);
  const indices = new Int32Array(rows.length);
  const values = new Float32Array(rows.length);
  const times = new Float64Array(rows.length);
  const userIds = new Array<string>(nUsers);
  const itemIds: string[] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    userIds[row.ui] = row.u;
    itemIds[row.ii] = row.p;
    indptr[row.ui + 1]++;
    indices[r] = row.ii;
    values[r] = row.w;
    times[r] = row.t;
    if (r % YIELD_EVERY === YIELD_EVERY - 1) await yieldToLoop();
  }
  for (let u = 0; u < nUsers; u++) indptr[u + 1] += indptr[u];
  return { csr: { indptr, indices, values, nItems: itemIds.length }, times, userIds, itemIds };
}
