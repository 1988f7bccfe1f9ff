/** Length of one period of a sales series. Weeks start on Monday (UTC). */
export type SeriesInterval = 'DAY' | 'WEEK';

/** A date range of whole UTC days: from (inclusive) to `to` (exclusive), both YYYY-MM-DD. */
export interface DateRange {
  from: string;
  to: string;
}

/** The periods a series covers once the range is aligned to the interval. */
export interface SeriesFrame {
  interval: SeriesInterval;
  /** Start of period 0 (a Monday for WEEK), epoch milliseconds UTC. */
  startMs: number;
  /** Milliseconds per period. */
  stepMs: number;
  periods: number;
  /** YYYY-MM-DD of each period's first day. */
  dates: string[];
}

/**
 * Units sold of one product, one category subtree or the whole shop, per period, zero-filled. Returns and
 * cancellations are netted into quantity and revenue; price is the average unit price of the period's sales.
 */
export interface SalesSeries {
  /** Product id, category id, or 'total'. */
  key: string;
  frame: SeriesFrame;
  /** Net units (sales minus returns and cancellations); may be negative in a period of returns only. */
  quantity: Float64Array;
  /** Net revenue in the shop currency. */
  revenue: Float64Array;
  /**
   * Average unit price of the units sold in each period; periods without a sale carry the last observed price
   * forward (leading ones take the first observed). Null when nothing was sold in the whole range.
   */
  price: Float64Array | null;
  /** 1 where price was observed in that period, 0 where it was carried. */
  priceObserved: Uint8Array;
  /** Index of the first and last period with a sale, -1 when none. */
  firstSale: number;
  lastSale: number;
}

/** One aggregated (key, period) cell, as the SQL or the in-memory aggregation produces it. */
export interface SeriesCell {
  key: string;
  period: number;
  /** Net units and revenue. */
  quantity: number;
  revenue: number;
  /** Units and revenue of sales only (positive lines of orders that were not cancelled): the price's basis. */
  soldQuantity: number;
  soldRevenue: number;
}
