import type { RequestContext } from '../../common/request-context';
import { query } from '../../common/sql';
import {
  clvFitRecord, discountMonths, expectedAverageSpend, expectedPurchasesAt, fitClvModelsAsync, monthEnds, monthlyDiscounts,
  probabilityAlive,
  type BgNbdParams, type ClvFitRecord, type CustomerSummary, type GammaGammaParams,
} from '../../marketing/clv';
import { historyIndex } from '../../marketing/clv/histories';
import { nextTurn } from '../../common/next-turn';

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

/** Per-customer CLV quantities (null fields when a model could not be fitted) and what was fitted. */
export interface ClvOutcome {
  /** One per summary, in the summaries' order (empty when CLV was not computed). */
  values: ReadonlyArray<{ probabilityAlive: number | null; expectedPurchases90d: number | null; clv: number | null }>;
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

type CustomerValues = ClvOutcome['values'][number];

/** Work between two yields to the event loop, in milliseconds. */
const SLICE_MS = 20;
/** Customers valued between two looks at the clock (a new history costs ~5 µs, a known one ~0.3 µs). */
const CUSTOMERS_PER_CLOCK_CHECK = 1024;
/** The CLV of the refresh: days, 12 months, 1 % monthly discount. */
const CLV_OPTIONS = { unitDays: 1, months: 12, monthlyDiscountRate: 0.01 };


/** The BG/NBD quantities of one purchase history, and the value object last handed to a customer with it. */
interface HistoryValues {
  probabilityAlive: number | null;
  expectedPurchases90d: number | null;
  /** Discounted expected purchases over 12 months (CLV = this × expected spend). */
  discounted: number | null;
  shared: CustomerValues | undefined;
}

/** The quantities of a history: E[Y] at the 12 month ends (for the CLV) and at 90 days in one call. */
function historyEvaluator(bg: BgNbdParams): (c: CustomerSummary) => HistoryValues {
  const months = monthEnds(CLV_OPTIONS);
  const horizons = Float64Array.from([...months, 90]);
  const cumulative = new Float64Array(horizons.length);
  const monthly = cumulative.subarray(0, months.length);
  const discounts = monthlyDiscounts(CLV_OPTIONS);
  return (c) => {
    expectedPurchasesAt(bg, c, horizons, cumulative);
    return {
      probabilityAlive: finite(probabilityAlive(bg, c)),
      expectedPurchases90d: finite(cumulative[months.length]),
      discounted: finite(discountMonths(monthly, discounts)),
      shared: undefined,
    };
  };
}

/**
 * P(alive), E[purchases in 90 days] and 12-month CLV (null without Gamma-Gamma parameters) of every customer at
 * given parameters — the values `customerValues` gives, computed once per distinct history (x, t_x, T): customers
 * with equal histories (every one-time buyer of a given day, most of a large shop) share one evaluation of the 13
 * hypergeometric series CLV needs. Yields to the event loop every ~20 ms.
 */
export async function valueWithParams(
  bg: BgNbdParams,
  gg: GammaGammaParams | null,
  summaries: readonly CustomerSummary[],
): Promise<ClvOutcome['values']> {
  const index = historyIndex(summaries);
  const evaluate = historyEvaluator(bg);
  const histories: HistoryValues[] = [];
  // an array aligned with the summaries, not a Map by id: filling a Map with a million ids costs more than the values
  const values = new Array<CustomerValues>(summaries.length);
  let sliceEnd = performance.now() + SLICE_MS;
  for (let i = 0; i < summaries.length; i++) {
    if (i % CUSTOMERS_PER_CLOCK_CHECK === 0 && performance.now() > sliceEnd) {
      await nextTurn();
      sliceEnd = performance.now() + SLICE_MS;
    }
    const c = summaries[i];
    let h = index.get(c);
    if (h < 0) {
      h = histories.length;
      index.set(c, h);
      histories.push(evaluate(c));
    }
    const history = histories[h];
    const clv = gg && history.discounted !== null ? finite(history.discounted * expectedAverageSpend(gg, c)) : null;
    // Customers with the same history and the same CLV get the same (read-only) value object: every one-time
    // buyer of a day has one, and a million fresh objects that outlive the young generation cost the collector
    // more than computing them.
    let v = history.shared;
    if (v === undefined || v.clv !== clv) {
      v = { probabilityAlive: history.probabilityAlive, expectedPurchases90d: history.expectedPurchases90d, clv };
      history.shared = v;
    }
    values[i] = v;
  }
  return values;
}

/**
 * Fits BG/NBD + Gamma-Gamma (days, 1 % monthly discount, 12 months) on a sample and values every customer, in
 * chunks that yield to the event loop so an in-process job does not stall the API. Too little data, or a fit
 * that does not converge to finite parameters, leaves the fields null with a message.
 */
export async function valueCustomers(summaries: readonly CustomerSummary[]): Promise<ClvOutcome> {
  const repeaters = summaries.reduce((n, c) => (c.frequency > 0 ? n + 1 : n), 0);
  if (summaries.length < CLV_MIN_CUSTOMERS || repeaters < CLV_MIN_REPEAT_CUSTOMERS) {
    const message =
      `CLV not computed: needs at least ${CLV_MIN_CUSTOMERS} customers with purchases and ${CLV_MIN_REPEAT_CUSTOMERS} ` +
      `repeat customers, have ${summaries.length} and ${repeaters}`;
    return { values: [], fit: null, message };
  }
  const fit = await fitClvModelsAsync(evenSample(summaries, CLV_FIT_SAMPLE));
  const bg = fit.bgNbd.params;
  if (![bg.r, bg.alpha, bg.a, bg.b].every(Number.isFinite)) {
    return { values: [], fit: null, message: 'CLV not computed: the BG/NBD fit did not converge' };
  }
  const gg = fit.gammaGamma;
  const ggOk = gg !== null && [gg.params.p, gg.params.q, gg.params.v].every(Number.isFinite);
  const values = await valueWithParams(bg, ggOk ? gg.params : null, summaries);
  const message = ggOk ? null : 'CLV not computed: no repeat customer with positive spend for the Gamma-Gamma model';
  return { values, fit: clvFitRecord(fit), message };
}
