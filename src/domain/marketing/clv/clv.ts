import { expectedPurchases, probabilityAlive } from './bg-nbd';
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
  const months = options.months ?? 12;
  const d = options.monthlyDiscountRate ?? 0.01;
  const month = DAYS_PER_MONTH / options.unitDays;
  let previous = 0;
  let value = 0;
  for (let m = 1; m <= months; m++) {
    const cumulative = expectedPurchases(bg, c, m * month);
    value += (cumulative - previous) / Math.pow(1 + d, m);
    previous = cumulative;
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
