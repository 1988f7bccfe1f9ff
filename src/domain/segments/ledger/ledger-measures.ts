import type { CustomerSummary } from '../../marketing/clv';
import type { OrderHistories } from '../../marketing/propensity';
import type { RfmInput, RfmMeasures } from '../rfm/rfm.types';
import { isPurchase, type CustomerLedger } from './customer-ledger';

const DAY_MS = 86_400_000;

/**
 * RFM inputs of every user with at least one purchase before the ledger's date, in user id order. An order's value
 * is Σ quantity × unit_price of its lines (its stored total when it has none), so:
 * - a purchase is an order that is not cancelled and whose net value is positive: it counts in frequency and recency;
 * - returns (separate orders with negative lines) and cancellations (Online Retail's "C" invoices, negative; the
 *   demo's cancelled orders, whose reversal lines bring them to zero) count only in monetary, which is the net value
 *   of all the user's orders;
 * - guests (no user) are not in the ledger, and users without a single purchase are left out.
 */
export function rfmInputsOf(ledger: CustomerLedger): RfmInput[] {
  const { users, lastPurchaseMs, frequency, monetary } = rfmMeasuresOf(ledger);
  return Array.from(users, (u, i) => ({ userId: ledger.userIds[u], lastPurchaseAt: new Date(lastPurchaseMs[i]), frequency: frequency[i], monetary: monetary[i] }));
}

/** `rfmInputsOf` in columns, with each row's user position in the ledger. */
export function rfmMeasuresOf(ledger: CustomerLedger): RfmMeasures & { users: Int32Array } {
  const n = ledger.userIds.length;
  const [users, lastPurchaseMs, frequency, monetary] = [new Int32Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  let k = 0;
  for (let u = 0; u < n; u++) {
    let purchases = 0;
    let last = -Infinity;
    let net = 0;
    for (let r = ledger.start[u]; r < ledger.start[u + 1]; r++) {
      net += ledger.net[r];
      if (!isPurchase(ledger, r)) continue;
      purchases++;
      last = ledger.atMs[r];
    }
    if (purchases === 0) continue;
    users[k] = u;
    lastPurchaseMs[k] = last;
    frequency[k] = purchases;
    // numeric sums in float leave 1e-12 residue on 4-decimal amounts; cents are what a report shows
    monetary[k] = Math.round(net * 10_000) / 10_000;
    k++;
  }
  return { users: users.slice(0, k), lastPurchaseMs: lastPurchaseMs.slice(0, k), frequency: frequency.slice(0, k), monetary: monetary.slice(0, k) };
}

/**
 * The CLV summary in days of every user with a purchase, the way `summariseTransactions` builds it from a transaction
 * log: one purchase per (user, UTC day); x = days − 1, t_x = last − first day, T = calibration-end day − first day,
 * and the mean spend of the repeat days.
 */
export function clvSummariesOf(ledger: CustomerLedger): CustomerSummary[] {
  const calibrationEndDay = Math.ceil(ledger.asOfMs / DAY_MS) - 1;
  const out: CustomerSummary[] = [];
  for (let u = 0; u < ledger.userIds.length; u++) {
    let days = 0;
    let firstDay = 0;
    let lastDay = -1;
    let dayAmount = 0;
    let firstAmount = 0;
    let total = 0;
    for (let r = ledger.start[u]; r < ledger.start[u + 1]; r++) {
      if (!isPurchase(ledger, r)) continue;
      const day = Math.floor(ledger.atMs[r] / DAY_MS);
      if (day !== lastDay) {
        if (days > 0) {
          // close the previous day
          if (days === 1) firstAmount = dayAmount;
          total += dayAmount;
        } else firstDay = day;
        days++;
        lastDay = day;
        dayAmount = 0;
      }
      dayAmount += ledger.net[r];
    }
    if (days === 0) continue;
    if (days === 1) firstAmount = dayAmount;
    total += dayAmount;
    const recency = lastDay - firstDay;
    out.push({
      customerId: ledger.userIds[u],
      frequency: days - 1,
      recency,
      T: Math.max(recency, calibrationEndDay - firstDay),
      monetaryValue: days > 1 ? (total - firstAmount) / (days - 1) : 0,
    });
  }
  return out;
}

/** The ledger as the propensity features read it: each user's orders, oldest first. */
export function historiesOf(ledger: CustomerLedger): OrderHistories {
  return { customerIds: ledger.userIds, start: ledger.start, atMs: ledger.atMs, net: ledger.net, cancelled: ledger.cancelled };
}
