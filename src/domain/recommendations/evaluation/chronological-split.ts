import type { InteractionCsr } from '../../../compute';
import type { EvaluationSplit } from './evaluation';
import type { PurchaseLog } from './purchase-log';

const DAY_MS = 86_400_000;

/** The Online Retail protocol's window: the last 30 days before the last purchase are held out. */
export const HOLDOUT_DAYS = 30;

/**
 * What one (customer, item) training entry weighs: the number of distinct invoices it appears on (the default:
 * repeat purchases are the strongest implicit signal, and a wholesaler's 480-piece line is not 480× a preference),
 * the summed quantity, or 1.
 */
export type InteractionWeight = 'invoices' | 'quantity' | 'binary';
export const INTERACTION_WEIGHTS: readonly InteractionWeight[] = ['invoices', 'quantity', 'binary'];

/** A chronological split ready to evaluate on, with the numbering and counts a report needs. */
export interface ChronologicalSplit extends EvaluationSplit {
  /** Purchases at or after cutoffMs are the test window; endMs is the last purchase of the rows split. */
  cutoffMs: number;
  endMs: number;
  /** Log rows of the training window (a validation split is carved from these alone). */
  trainRows: Int32Array;
  /** Original ids of the training matrix's rows and columns. */
  userIds: string[];
  itemIds: string[];
  /** Test-window (customer, item) pairs dropped because the item was never sold in the training window. */
  droppedUnseenItems: number;
}

/**
 * Splits purchase rows at `holdoutDays` before their last purchase. Training: every customer and item with a
 * purchase before the cutoff, one entry per (customer, item) weighted by `weight`, its latest time kept for
 * time-decayed popularity. Test relevance is new-item discovery: the items a training customer bought in the test
 * window and had not bought in training (re-purchases would reward recommending what they already own, which the
 * top-10 excludes anyway). Items first sold in the test window are dropped: no model trained on the past can name
 * them. Customers without training purchases are not evaluated (the cold-start chain serves them).
 */
export function chronologicalSplit(
  log: PurchaseLog,
  options: { holdoutDays?: number; weight?: InteractionWeight; rows?: Int32Array } = {},
): ChronologicalSplit {
  const holdoutDays = options.holdoutDays ?? HOLDOUT_DAYS;
  if (!(holdoutDays > 0)) throw new Error(`holdoutDays must be > 0 (got ${holdoutDays})`);
  const rows = options.rows ?? Int32Array.from({ length: log.times.length }, (_, r) => r);
  if (rows.length === 0) throw new Error('chronological split: no purchases to split');
  let endMs = -Infinity;
  for (const r of rows) endMs = Math.max(endMs, log.times[r]);
  const cutoffMs = endMs - holdoutDays * DAY_MS;
  const trainRows = rows.filter((r) => log.times[r] < cutoffMs);
  const userOf = denseIndex(trainRows, log.customers);
  const itemOf = denseIndex(trainRows, log.items);
  const train = buildWeightedCsr(log, trainRows, userOf, itemOf, options.weight ?? 'invoices');
  const relevant = Array.from({ length: userOf.ids.length }, () => new Set<number>());
  let droppedUnseenItems = 0;
  for (const r of rows) {
    if (log.times[r] < cutoffMs) continue;
    const u = userOf.index.get(log.customers[r]);
    if (u === undefined) continue;
    const i = itemOf.index.get(log.items[r]);
    if (i === undefined) {
      droppedUnseenItems++;
      continue;
    }
    if (!train.pairs.has(u * itemOf.ids.length + i)) relevant[u].add(i);
  }
  return {
    train: train.interactions, relevant, cutoffMs, endMs, trainRows, droppedUnseenItems,
    userIds: userOf.ids.map((c) => log.customerIds[c]), itemIds: itemOf.ids.map((i) => log.itemIds[i]),
  };
}

/** Dense 0-based numbering of the values `column` takes on `rows`, ascending by log id so runs are repeatable. */
function denseIndex(rows: Int32Array, column: Int32Array): { index: Map<number, number>; ids: number[] } {
  const ids = [...new Set(Array.from(rows, (r) => column[r]))].sort((a, b) => a - b);
  return { index: new Map(ids.map((id, dense) => [id, dense])), ids };
}

/** The training CSR (items ascending within a user) and the set of its (user·nItems + item) keys. */
function buildWeightedCsr(
  log: PurchaseLog,
  rows: Int32Array,
  userOf: { index: Map<number, number>; ids: number[] },
  itemOf: { index: Map<number, number>; ids: number[] },
  weight: InteractionWeight,
): { interactions: EvaluationSplit['train']; pairs: Set<number> } {
  const nUsers = userOf.ids.length;
  const nItems = itemOf.ids.length;
  const users = Int32Array.from(log.customers, (c) => userOf.index.get(c) ?? -1);
  const items = Int32Array.from(log.items, (i) => itemOf.index.get(i) ?? -1);
  const user = (r: number) => users[r];
  const item = (r: number) => items[r];
  const order = Array.from(rows).sort((a, b) => user(a) - user(b) || item(a) - item(b) || log.invoices[a] - log.invoices[b]);
  const indptr = new Int32Array(nUsers + 1);
  const ids: number[] = [];
  const values: number[] = [];
  const times: number[] = [];
  const pairs = new Set<number>();
  let previous = -1;
  for (const r of order) {
    const samePair = previous >= 0 && user(previous) === user(r) && item(previous) === item(r);
    if (!samePair) {
      ids.push(item(r));
      values.push(0);
      times.push(-Infinity);
      indptr[user(r) + 1]++;
      pairs.add(user(r) * nItems + item(r));
    }
    const last = ids.length - 1;
    const newInvoice = !samePair || log.invoices[previous] !== log.invoices[r];
    if (weight === 'quantity') values[last] += log.quantities[r];
    else if (weight === 'binary') values[last] = 1;
    else if (newInvoice) values[last] += 1;
    times[last] = Math.max(times[last], log.times[r] / 1000);
    previous = r;
  }
  for (let u = 0; u < nUsers; u++) indptr[u + 1] += indptr[u];
  const matrix: InteractionCsr = { indptr, indices: Int32Array.from(ids), values: Float32Array.from(values), nItems };
  return { interactions: { matrix, timestamps: Float64Array.from(times), nUsers }, pairs };
}
