import type { RequestContext } from '../../common/request-context';
import { query } from '../../common/sql';
import {
  clvFitRecord, discountedExpectedPurchases, expectedAverageSpend, expectedPurchases, fitClvModelsAsync, probabilityAlive,
  type BgNbdParams, type ClvFitRecord, type CustomerSummary, type GammaGammaParams,
} from '../../marketing/clv';
import { groupHistories, type HistoryGroups } from '../../marketing/clv/histories';
import { PER_ORDER_CTE } from '../rfm/rfm.loader';

const DAY_MS = 86_400_000;

/** Fits use at most this many customers (an even stride over all of them): the fit is ~O(n) per evaluation. */
export const CLV_FIT_SAMPLE = 5000;
/** Below these the models are not identifiable; CLV fields stay null and the job says why. */
export const CLV_MIN_CUSTOMERS = 20;
export const CLV_MIN_REPEAT_CUSTOMERS = 5;

/** A shop whose newest customer order is older than this is treated as a historical data set. */
export const HISTORICAL_AFTER_DAYS = 30;

/**
 * The reference date of a refresh: now; but when the newest customer order is more than HISTORICAL_AFTER_DAYS old
 * (a historical data set such as Online Retail, not a quiet week of a live shop), the UTC midnight after that
 * order's day, as `aisle eval segments` does, so recency is measured from the end of the data rather than from
 * years later. The demo shop's orders end today, so it is refreshed as of now.
 */
export async function chooseAsOf(ctx: RequestContext, now: Date): Promise<Date> {
  const [row] = await query<{ newest: Date | null }>(
    ctx,
    `SELECT max(placed_at) AS newest FROM orders WHERE user_id IS NOT NULL AND placed_at <= $1`,
    [now],
  );
  if (!row.newest || now.getTime() - row.newest.getTime() <= HISTORICAL_AFTER_DAYS * DAY_MS) return now;
  return new Date((Math.floor(row.newest.getTime() / DAY_MS) + 1) * DAY_MS);
}

/**
 * The CLV summary per customer in days, the way `summariseTransactions` builds it from a transaction log, in
 * one statement: purchase orders (the RFM rule: not cancelled, positive net) before asOf, one purchase per
 * (user, UTC day); x = days − 1, t_x = last − first day, T = calibration-end day − first day, and the mean
 * spend of the repeat days.
 */
const SUMMARY_SQL = `
  WITH ${PER_ORDER_CTE}, days AS (
    SELECT user_id, floor(extract(epoch FROM placed_at) / 86400)::int AS day, sum(net)::float8 AS amount
    FROM per_order WHERE NOT cancelled AND net > 0
    GROUP BY 1, 2
  )
  SELECT user_id::text AS user_id, (count(*) - 1)::int AS frequency, (max(day) - min(day))::int AS recency,
         min(day) AS first_day,
         CASE WHEN count(*) > 1 THEN (sum(amount) - (array_agg(amount ORDER BY day))[1]) / (count(*) - 1) ELSE 0 END
           AS monetary_value
  FROM days GROUP BY user_id ORDER BY user_id`;

export async function loadClvSummaries(ctx: RequestContext, asOf: Date): Promise<CustomerSummary[]> {
  const calibrationEndDay = Math.ceil(asOf.getTime() / DAY_MS) - 1;
  const rows = await query<{ user_id: string; frequency: number; recency: number; first_day: number; monetary_value: number }>(
    ctx,
    SUMMARY_SQL,
    [asOf],
  );
  return rows.map((r) => ({
    customerId: r.user_id,
    frequency: r.frequency,
    recency: r.recency,
    T: Math.max(r.recency, calibrationEndDay - r.first_day),
    monetaryValue: r.monetary_value,
  }));
}

/** Per-customer CLV quantities (null fields when a model could not be fitted) and what was fitted. */
export interface ClvOutcome {
  values: Map<string, { probabilityAlive: number | null; expectedPurchases90d: number | null; clv: number | null }>;
  fit: ClvFitRecord | null;
  /** Why CLV (or part of it) is missing; null when everything was computed. */
  message: string | null;
}

function evenSample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return items.slice();
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)]);
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

type CustomerValues = ClvOutcome['values'] extends Map<string, infer V> ? V : never;

/** Customers valued between two yields to the event loop (~10 ms of work each on a busy core). */
const CUSTOMERS_PER_SLICE = 20_000;
/** Distinct histories evaluated between two yields: each takes 13 hypergeometric series. */
const HISTORIES_PER_SLICE = 2_000;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The BG/NBD quantities of every distinct purchase history (x, t_x, T): customers with equal histories (every
 * one-time buyer of a given day, most of a large shop) share one evaluation of the 13 hypergeometric series CLV
 * needs. NaN marks a value that was not finite.
 */
async function historyValues(bg: BgNbdParams, groups: HistoryGroups) {
  const n = groups.count.length;
  const alive = new Float64Array(n);
  const next90 = new Float64Array(n);
  /** Discounted expected purchases over 12 months (CLV = this × expected spend). */
  const discounted = new Float64Array(n);
  for (let start = 0; start < n; start += HISTORIES_PER_SLICE) {
    for (let h = start; h < Math.min(n, start + HISTORIES_PER_SLICE); h++) {
      const c = { frequency: groups.frequency[h], recency: groups.recency[h], T: groups.T[h] };
      alive[h] = probabilityAlive(bg, c);
      next90[h] = expectedPurchases(bg, c, 90);
      discounted[h] = discountedExpectedPurchases(bg, c, { unitDays: 1, months: 12, monthlyDiscountRate: 0.01 });
    }
    await nextTurn();
  }
  return { alive, next90, discounted };
}

/**
 * P(alive), E[purchases in 90 days] and 12-month CLV (null without Gamma-Gamma parameters) of every customer at
 * given parameters — the values `customerValues` gives, computed once per distinct history and in slices that
 * yield to the event loop.
 */
export async function valueWithParams(
  bg: BgNbdParams,
  gg: GammaGammaParams | null,
  summaries: readonly CustomerSummary[],
): Promise<ClvOutcome['values']> {
  const groups = groupHistories(summaries);
  await nextTurn();
  const { alive, next90, discounted } = await historyValues(bg, groups);
  // Customers with the same history and the same CLV get the same (read-only) value object: every one-time buyer
  // of a day has one, and a million fresh objects that outlive the young generation cost the collector more
  // than computing them.
  const shared: (CustomerValues | undefined)[] = new Array(groups.count.length);
  const values: ClvOutcome['values'] = new Map();
  for (let start = 0; start < summaries.length; start += CUSTOMERS_PER_SLICE) {
    for (let i = start; i < Math.min(summaries.length, start + CUSTOMERS_PER_SLICE); i++) {
      const c = summaries[i];
      const h = groups.historyOf[i];
      const d = finite(discounted[h]);
      const clv = gg && d !== null ? finite(d * expectedAverageSpend(gg, c)) : null;
      let v = shared[h];
      if (v === undefined || v.clv !== clv) {
        v = { probabilityAlive: finite(alive[h]), expectedPurchases90d: finite(next90[h]), clv };
        shared[h] = v;
      }
      values.set(c.customerId, v);
    }
    await nextTurn();
  }
  return values;
}

/**
 * Fits BG/NBD + Gamma-Gamma (days, 1 % monthly discount, 12 months) on a sample and values every customer, in
 * chunks that yield to the event loop so an in-process job does not stall the API. Too little data, or a fit
 * that does not converge to finite parameters, leaves the fields null with a message.
 */
export async function valueCustomers(summaries: readonly CustomerSummary[]): Promise<ClvOutcome> {
  const repeaters = summaries.filter((c) => c.frequency > 0).length;
  if (summaries.length < CLV_MIN_CUSTOMERS || repeaters < CLV_MIN_REPEAT_CUSTOMERS) {
    const message =
      `CLV not computed: needs at least ${CLV_MIN_CUSTOMERS} customers with purchases and ${CLV_MIN_REPEAT_CUSTOMERS} ` +
      `repeat customers, have ${summaries.length} and ${repeaters}`;
    return { values: new Map(), fit: null, message };
  }
  const fit = await fitClvModelsAsync(evenSample(summaries, CLV_FIT_SAMPLE));
  const bg = fit.bgNbd.params;
  if (![bg.r, bg.alpha, bg.a, bg.b].every(Number.isFinite)) {
    return { values: new Map(), fit: null, message: 'CLV not computed: the BG/NBD fit did not converge' };
  }
  const gg = fit.gammaGamma;
  const ggOk = gg !== null && [gg.params.p, gg.params.q, gg.params.v].every(Number.isFinite);
  const values = await valueWithParams(bg, ggOk ? gg.params : null, summaries);
  const message = ggOk ? null : 'CLV not computed: no repeat customer with positive spend for the Gamma-Gamma model';
  return { values, fit: clvFitRecord(fit), message };
}
