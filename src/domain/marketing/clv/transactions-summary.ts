import type { CustomerSummary } from './clv.types';

/**
 * Turns a transaction log into the per-customer summary BG/NBD and Gamma-Gamma read, the way CLV practitioners
 * (lifetimes' `summary_data_from_transaction_data`, Fader-Hardie's CDNOW analysis) do:
 * - a customer's transactions on one calendar day are one purchase (their amounts summed);
 * - frequency = distinct purchase days − 1 (repeat purchases);
 * - recency = last − first purchase day, T = calibration end − first purchase day, both in the time unit
 *   (week = days / 7, fractional, as in the CDNOW analysis);
 * - monetaryValue = mean amount of the repeat purchase days (the first day excluded), 0 without repeats;
 * - only transactions on or before the calibration end count; customers whose first purchase is later are absent.
 */

export interface Transaction {
  customerId: string;
  /** Days since 1970-01-01 (UTC calendar date). */
  day: number;
  amount: number;
}

export const TIME_UNIT_DAYS = { day: 1, week: 7 } as const;
export type TimeUnit = keyof typeof TIME_UNIT_DAYS;

const DAY_MS = 86_400_000;

/**
 * Reads a date as YYYY-MM-DD, YYYYMMDD or an ISO date-time (its calendar date is taken as written, no zone
 * shift); returns days since the epoch, or null when it is not a real date.
 */
export function parseDay(text: string): number | null {
  const s = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}.*)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Amount per (customer, day), days sorted, for transactions on or before `calibrationEndDay`. */
function purchaseDays(transactions: Iterable<Transaction>, calibrationEndDay: number): Map<string, Map<number, number>> {
  const byCustomer = new Map<string, Map<number, number>>();
  for (const t of transactions) {
    if (t.day > calibrationEndDay) continue;
    let days = byCustomer.get(t.customerId);
    if (!days) byCustomer.set(t.customerId, (days = new Map()));
    days.set(t.day, (days.get(t.day) ?? 0) + t.amount);
  }
  return byCustomer;
}

export function summariseTransactions(
  transactions: Iterable<Transaction>,
  calibrationEndDay: number,
  unit: TimeUnit,
): CustomerSummary[] {
  const unitDays = TIME_UNIT_DAYS[unit];
  const out: CustomerSummary[] = [];
  for (const [customerId, days] of purchaseDays(transactions, calibrationEndDay)) {
    const sorted = [...days.keys()].sort((a, b) => a - b);
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    let repeatSpend = 0;
    for (let i = 1; i < sorted.length; i++) repeatSpend += days.get(sorted[i])!;
    const frequency = sorted.length - 1;
    out.push({
      customerId,
      frequency,
      recency: (last - first) / unitDays,
      T: (calibrationEndDay - first) / unitDays,
      monetaryValue: frequency > 0 ? repeatSpend / frequency : 0,
    });
  }
  return out.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}

/** Distinct purchase days per customer in (fromDay, toDay]: the holdout "actual" of a forecast check. */
export function purchaseDaysBetween(
  transactions: Iterable<Transaction>,
  fromDay: number,
  toDay: number,
): Map<string, number> {
  const seen = new Map<string, Set<number>>();
  for (const t of transactions) {
    if (t.day <= fromDay || t.day > toDay) continue;
    let days = seen.get(t.customerId);
    if (!days) seen.set(t.customerId, (days = new Set()));
    days.add(t.day);
  }
  return new Map([...seen].map(([id, days]) => [id, days.size]));
}
