import type { RfmInput, RfmScore, RfmSegment } from './rfm.types';

/**
 * RFM scoring: recency, frequency and monetary value turned into quintile scores 1–5 and a named segment.
 * Pure and deterministic: the same inputs give the same scores whatever their order.
 */

const DAY_MS = 86_400_000;

/** Days between the UTC calendar dates of two instants (a purchase late on the day before is 1 day old). */
export function daysBetweenUtcDates(earlier: Date, later: Date): number {
  return Math.floor(later.getTime() / DAY_MS) - Math.floor(earlier.getTime() / DAY_MS);
}

/**
 * Quintile scores by rank: score = 1 + floor(5 · (number of values strictly below x) / n). Equal values always
 * get the same score (the lowest their tied block reaches), so a big tie such as the many one-order customers
 * lands in one score rather than being split by an arbitrary order; scores above it may then be skipped.
 * `higherIsBetter = false` scores the reverse (recency: fewer days is better).
 */
export function quintileScores(values: readonly number[], higherIsBetter = true): number[] {
  const n = values.length;
  const keyed = Float64Array.from(values);
  if (!higherIsBetter) for (let i = 0; i < n; i++) keyed[i] = -keyed[i];
  const sorted = keyed.slice().sort();
  const scores = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const v = keyed[i];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    scores[i] = Math.min(5, 1 + Math.floor((5 * lo) / n));
  }
  return scores;
}

/**
 * The segment grid on R (rows) and FM = round((F+M)/2) (columns), the usual 11-segment RFM map:
 *
 *   R\FM   1               2               3               4            5
 *   5      New             Potential loy.  Potential loy.  Champions    Champions
 *   4      Promising       Potential loy.  Potential loy.  Loyal        Loyal
 *   3      About to sleep  About to sleep  Need attention  Loyal        Loyal
 *   2      Hibernating     Hibernating     At risk         At risk      Can't lose
 *   1      Lost            Lost            At risk         At risk      Can't lose
 */
const GRID: ReadonlyArray<ReadonlyArray<RfmSegment>> = [
  ['Lost', 'Lost', 'At risk', 'At risk', "Can't lose"],
  ['Hibernating', 'Hibernating', 'At risk', 'At risk', "Can't lose"],
  ['About to sleep', 'About to sleep', 'Need attention', 'Loyal', 'Loyal'],
  ['Promising', 'Potential loyalists', 'Potential loyalists', 'Loyal', 'Loyal'],
  ['New', 'Potential loyalists', 'Potential loyalists', 'Champions', 'Champions'],
];

export function combinedFm(f: number, m: number): number {
  return Math.floor((f + m + 1) / 2);
}

export function rfmSegment(r: number, fm: number): RfmSegment {
  return GRID[r - 1][fm - 1];
}

/** Scores every customer as of `referenceDate`; purchases after it must already be excluded by the caller. */
export function scoreRfm(inputs: readonly RfmInput[], referenceDate: Date): RfmScore[] {
  const recency = inputs.map((c) => Math.max(0, daysBetweenUtcDates(c.lastPurchaseAt, referenceDate)));
  const r = quintileScores(recency, false);
  const f = quintileScores(inputs.map((c) => c.frequency));
  const m = quintileScores(inputs.map((c) => c.monetary));
  return inputs.map((c, i) => {
    const fm = combinedFm(f[i], m[i]);
    return {
      userId: c.userId,
      recencyDays: recency[i],
      frequency: c.frequency,
      monetary: c.monetary,
      r: r[i],
      f: f[i],
      m: m[i],
      fm,
      segment: rfmSegment(r[i], fm),
    };
  });
}

/** Customers per segment, every segment present (zero when empty), in RFM_SEGMENTS order. */
export function countSegments(scores: readonly RfmScore[], names: readonly RfmSegment[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(names.map((s) => [s, 0]));
  for (const s of scores) counts[s.segment]++;
  return counts;
}
