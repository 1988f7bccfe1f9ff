/** What RFM needs per customer, as of a reference date. */
export interface RfmInput {
  userId: string;
  /** When the customer's latest purchase (not a return or cancellation) was placed. */
  lastPurchaseAt: Date;
  /** Distinct purchase orders up to the reference date. */
  frequency: number;
  /** Net spend: purchases minus returns and cancellations, up to the reference date. */
  monetary: number;
}

export const RFM_SEGMENTS = [
  'Champions',
  'Loyal',
  'Potential loyalists',
  'New',
  'Promising',
  'Need attention',
  'About to sleep',
  'At risk',
  "Can't lose",
  'Hibernating',
  'Lost',
] as const;

export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export interface RfmScore {
  userId: string;
  /** Whole days from the last purchase's UTC date to the reference date's. */
  recencyDays: number;
  frequency: number;
  monetary: number;
  /** Quintile scores, 5 = best (most recent, most frequent, highest spend). */
  r: number;
  f: number;
  m: number;
  /** round((f + m) / 2), halves up: the column of the segment grid. */
  fm: number;
  segment: RfmSegment;
}

/** RFM inputs of many customers in columns (row i is one customer). */
export interface RfmMeasures {
  lastPurchaseMs: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
}

/**
 * RFM scores of many customers in columns (row i is one customer; `segment` indexes RFM_SEGMENTS): what the segment
 * refresh keeps for a million customers instead of an object each.
 */
export interface RfmColumns {
  recencyDays: Int32Array;
  frequency: Float64Array;
  monetary: Float64Array;
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  fm: Uint8Array;
  segment: Uint8Array;
}
