import type { CustomerSummary } from './clv.types';

type History = Pick<CustomerSummary, 'frequency' | 'recency' | 'T'>;

/**
 * The distinct purchase histories (x, t_x, T) of a list of customers, how many customers have each, and which one
 * every customer has. BG/NBD reads a customer only through (x, t_x, T), so its likelihood and its forecasts need
 * one evaluation per distinct history, weighted by the count: a shop records purchases in whole days, and a million
 * customers have a few thousand histories.
 */
export interface HistoryGroups {
  /** x, t_x and T of each distinct history, in order of first appearance. */
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** Customers with that history. */
  count: Float64Array;
  /** historyOf[i] is the index of customer i's history. */
  historyOf: Uint32Array;
}

/** Whole-number histories whose key space is at most this large are indexed through a typed array, not a Map. */
const MAX_DIRECT_KEYS = 1 << 22;
/** Keys up to this fit a double exactly. */
const MAX_EXACT_KEY = Number.MAX_SAFE_INTEGER;

export interface HistoryIndex {
  /** The index of c's history, or -1 when it has none yet. */
  get(c: History): number;
  set(c: History, index: number): void;
}

/**
 * Where the index of each distinct history of `customers` (only theirs) is kept. When every value is a
 * non-negative whole number (the refresh's whole days) a history is the number (x·R + t_x)·R + T, R = the largest
 * age + 1: a slot of an Int32Array when there are few enough such numbers (a million customers in days: 5 · 366²
 * slots), else a numeric Map key. Any other history is a string key.
 */
export function historyIndex(customers: readonly History[]): HistoryIndex {
  let maxX = 0;
  let maxAge = 0;
  let whole = true;
  for (const c of customers) {
    if (!(Number.isInteger(c.frequency) && Number.isInteger(c.recency) && Number.isInteger(c.T))) whole = false;
    if (c.frequency < 0 || c.recency < 0 || c.T < 0) whole = false;
    if (!whole) break;
    if (c.frequency > maxX) maxX = c.frequency;
    if (c.recency > maxAge) maxAge = c.recency;
    if (c.T > maxAge) maxAge = c.T;
  }
  const radix = maxAge + 1;
  const keys = (maxX + 1) * radix * radix;
  const numeric = (c: History) => (c.frequency * radix + c.recency) * radix + c.T;
  if (whole && keys <= MAX_DIRECT_KEYS) {
    const slots = new Int32Array(keys).fill(-1);
    return { get: (c) => slots[numeric(c)], set: (c, i) => void (slots[numeric(c)] = i) };
  }
  const key = whole && keys <= MAX_EXACT_KEY ? numeric : (c: History) => `${c.frequency}:${c.recency}:${c.T}`;
  const map = new Map<number | string, number>();
  return { get: (c) => map.get(key(c)) ?? -1, set: (c, i) => void map.set(key(c), i) };
}

export function groupHistories(customers: readonly History[]): HistoryGroups {
  const index = historyIndex(customers);
  const historyOf = new Uint32Array(customers.length);
  // typed arrays as long as the worst case (every history distinct), cut to size at the end: growing plain
  // arrays by push cost 3× the whole grouping of a million customers
  const first = new Uint32Array(customers.length);
  const count = new Float64Array(customers.length);
  let distinct = 0;
  for (let i = 0; i < customers.length; i++) {
    let h = index.get(customers[i]);
    if (h < 0) {
      h = distinct++;
      index.set(customers[i], h);
      first[h] = i;
    }
    count[h]++;
    historyOf[i] = h;
  }
  const column = (read: (c: History) => number) => {
    const out = new Float64Array(distinct);
    for (let h = 0; h < distinct; h++) out[h] = read(customers[first[h]]);
    return out;
  };
  return {
    frequency: column((c) => c.frequency),
    recency: column((c) => c.recency),
    T: column((c) => c.T),
    count: count.slice(0, distinct),
    historyOf,
  };
}
