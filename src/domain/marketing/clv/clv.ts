import { expectedPurchases, expectedPurchasesAt, probabilityAlive } from './bg-nbd';
import type { BgNbdParams, CustomerSummary, GammaGammaParams } from './clv.types';
import { expectedAverageSpend } from './gamma-gamma';

/** Days in an average calendar month (365.25 / 12); a CLV month is this long whatever the model's unit. */
export const DAYS_PER_MONTH = 365.25 / 12;

export interface ClvOptions {
  /** Length of the model's time unit in days (1 for day, 7 for week). */
  unitDays: number;
  /** Months summed (12 for a 12-month CLV). */
  months?: number;
  /** Discount rate per month, e.g. 0.01. */
  monthlyDiscountRate?: number;
  /** Horizon of `expectedPurchasesNext`, in days (90 by default). */
  horizonDays?: number;
}

export interface CustomerValue {
  customerId: string;
  probabilityAlive: number;
  /** E[purchases in the next horizonDays]. */
  expectedPurchasesNext: number;
  expectedAverageSpend: number;
  clv: number;
}

/**
 * Discounted expected-transactions CLV:
 *   CLV = E[M] · Σ_{m=1..months} (E[Y(m·Δ)] − E[Y((m−1)·Δ)]) / (1 + d)^m,  Δ = one month in model units,
 * i.e. the purchases expected in month m (BG/NBD, conditional on the customer's history) valued at the
 * Gamma-Gamma expected spend and discounted to today at the monthly rate d. It is lifetimes' `customer_lifetime_value`.
 */
export function customerLifetimeValue(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  c: CustomerSummary,
  options: ClvOptions,
): number {
  return discountedExpectedPurchases(bg, c, options) * expectedAverageSpend(gg, c);
}

/**
 * Σ_{m=1..months} (E[Y(m·Δ)] − E[Y((m−1)·Δ)]) / (1 + d)^m: the discounted purchases CLV values at the expected
 * spend. It depends on (frequency, recency, T) only, so callers valuing many customers can share it between equal
 * histories (the segment refresh does).
 */
export function discountedExpectedPurchases(
  bg: BgNbdParams,
  c: Pick<CustomerSummary, 'frequency' | 'recency' | 'T'>,
  options: ClvOptions,
): number {
  const horizons = monthEnds(options);
  const cumulative = new Float64Array(horizons.length);
  expectedPurchasesAt(bg, c, horizons, cumulative);
  return discountMonths(cumulative, monthlyDiscounts(options));
}

/** The ends of months 1..months in model units: the horizons whose E[Y] `discountMonths` reads. */
export function monthEnds(options: ClvOptions): Float64Array {
  const month = DAYS_PER_MONTH / options.unitDays;
  return Float64Array.from({ length: options.months ?? 12 }, (_, m) => (m + 1) * month);
}

/** (1 + d)^m for months 1..months, the divisors of `discountMonths`. */
export function monthlyDiscounts(options: ClvOptions): Float64Array {
  const d = options.monthlyDiscountRate ?? 0.01;
  return Float64Array.from({ length: options.months ?? 12 }, (_, m) => Math.pow(1 + d, m + 1));
}

/** Σ_m (E[Y] at the end of month m − at the end of month m − 1) / (1 + d)^m, from E[Y] at `monthEnds`. */
export function discountMonths(cumulative: ArrayLike<number>, discounts: ArrayLike<number>): number {
  let previous = 0;
  let value = 0;
  for (let m = 0; m < cumulative.length; m++) {
    value += (cumulative[m] - previous) / discounts[m];
    previous = cumulative[m];
  }
  return value;
}

/** Every per-customer quantity at once, for reports and (later) segment snapshots. */
export function customerValues(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  customers: readonly CustomerSummary[],
  options: ClvOptions,
): CustomerValue[] {
  const horizon = (options.horizonDays ?? 90) / options.unitDays;
  return customers.map((c) => ({
    customerId: c.customerId,
    probabilityAlive: probabilityAlive(bg, c),
    expectedPurchasesNext: expectedPurchases(bg, c, horizon),
    expectedAverageSpend: expectedAverageSpend(gg, c),
    clv: customerLifetimeValue(bg, gg, c, options),
  }));
}
