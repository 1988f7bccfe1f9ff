import { RFM_SEGMENTS, type RfmColumns, type RfmInput, type RfmMeasures, type RfmScore, type RfmSegment } from './rfm.types';

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
export function quintileScores(values: ArrayLike<number>, higherIsBetter = true): number[] {
  return Array.from(quintileColumn(values, higherIsBetter));
}

/**
 * `quintileScores` as bytes (the column form the refresh keeps). A score reaches q when at least ⌈(q − 1)·n / 5⌉
 * values lie strictly below x, that is when x exceeds the sorted value just before that rank: four thresholds, so
 * scoring is one pass after the sort instead of a binary search per value.
 */
export function quintileColumn(values: ArrayLike<number>, higherIsBetter = true): Uint8Array {
  const n = values.length;
  const keyed = new Float64Array(n);
  for (let i = 0; i < n; i++) keyed[i] = higherIsBetter ? values[i] : -values[i];
  const sorted = keyed.slice().sort();
  const thresholds = [2, 3, 4, 5].map((q) => sorted[Math.ceil(((q - 1) * n) / 5) - 1]);
  const [t2, t3, t4, t5] = thresholds;
  const scores = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = keyed[i];
    scores[i] = v > t5 ? 5 : v > t4 ? 4 : v > t3 ? 3 : v > t2 ? 2 : 1;
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
  const scored = scoreRfmColumns(
    {
      lastPurchaseMs: Float64Array.from(inputs, (c) => c.lastPurchaseAt.getTime()),
      frequency: Float64Array.from(inputs, (c) => c.frequency),
      monetary: Float64Array.from(inputs, (c) => c.monetary),
    },
    referenceDate,
  );
  return inputs.map((c, i) => ({
    userId: c.userId,
    recencyDays: scored.recencyDays[i],
    frequency: c.frequency,
    monetary: c.monetary,
    r: scored.r[i],
    f: scored.f[i],
    m: scored.m[i],
    fm: scored.fm[i],
    segment: RFM_SEGMENTS[scored.segment[i]],
  }));
}

/** Segment grid positions as RFM_SEGMENTS indexes, by (r − 1) · 5 + (fm − 1). */
const GRID_INDEX = Uint8Array.from(GRID.flat(), (name) => RFM_SEGMENTS.indexOf(name));

/** `scoreRfm` on columns: the same scores, without an object per customer. */
export function scoreRfmColumns(measures: RfmMeasures, referenceDate: Date): RfmColumns {
  const n = measures.frequency.length;
  const referenceDay = Math.floor(referenceDate.getTime() / DAY_MS);
  const recencyDays = new Int32Array(n);
  for (let i = 0; i < n; i++) recencyDays[i] = Math.max(0, referenceDay - Math.floor(measures.lastPurchaseMs[i] / DAY_MS));
  const r = quintileColumn(recencyDays, false);
  const f = quintileColumn(measures.frequency);
  const m = quintileColumn(measures.monetary);
  const fm = new Uint8Array(n);
  const segment = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    fm[i] = combinedFm(f[i], m[i]);
    segment[i] = GRID_INDEX[(r[i] - 1) * 5 + fm[i] - 1];
  }
  return { recencyDays, frequency: measures.frequency, monetary: measures.monetary, r, f, m, fm, segment };
}

/** rfm_score's text ('543') of every (r, f, m), at (r − 1) · 25 + (f − 1) · 5 + m − 1. */
const RFM_SCORE_TEXT = Array.from({ length: 125 }, (_, i) => `${1 + Math.floor(i / 25)}${1 + (Math.floor(i / 5) % 5)}${1 + (i % 5)}`);

/** The three scores as one text, R then F then M ('543'); one shared string per combination. */
export function rfmScoreText(r: number, f: number, m: number): string {
  return RFM_SCORE_TEXT[(r - 1) * 25 + (f - 1) * 5 + m - 1];
}

/** Customers per segment of a segment column (RFM_SEGMENTS indexes), every segment present. */
export function countSegmentColumn(segment: Uint8Array): Record<string, number> {
  const counts = new Array<number>(RFM_SEGMENTS.length).fill(0);
  for (let i = 0; i < segment.length; i++) counts[segment[i]]++;
  return Object.fromEntries(RFM_SEGMENTS.map((name, i) => [name, counts[i]]));
}

/** Customers per segment, every segment present (zero when empty), in RFM_SEGMENTS order. */
export function countSegments(scores: readonly RfmScore[], names: readonly RfmSegment[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(names.map((s) => [s, 0]));
  for (const s of scores) counts[s.segment]++;
  return counts;
}
