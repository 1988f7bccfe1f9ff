import type { SalesSeries, SeriesCell, SeriesFrame } from './series.types';

/** An all-zero series of one key. */
function emptySeries(key: string, frame: SeriesFrame): SalesSeries {
  return {
    key,
    frame,
    quantity: new Float64Array(frame.periods),
    revenue: new Float64Array(frame.periods),
    price: null,
    priceObserved: new Uint8Array(frame.periods),
    firstSale: -1,
    lastSale: -1,
  };
}

/** Average prices where observed, carried forward over gaps and back over the leading gap. */
function fillPrices(series: SalesSeries, soldQuantity: Float64Array, soldRevenue: Float64Array): void {
  const n = series.frame.periods;
  const price = new Float64Array(n);
  let last = NaN;
  for (let t = 0; t < n; t++) {
    if (soldQuantity[t] > 0) {
      last = soldRevenue[t] / soldQuantity[t];
      series.priceObserved[t] = 1;
      if (series.firstSale < 0) series.firstSale = t;
      series.lastSale = t;
    }
    price[t] = last;
  }
  if (series.firstSale < 0) return;
  price.fill(price[series.firstSale], 0, series.firstSale);
  series.price = price;
}

/**
 * Turns aggregated cells into one zero-filled series per key (keys without cells get an all-zero series);
 * cells outside the frame are ignored.
 */
export function buildSeries(keys: readonly string[], cells: readonly SeriesCell[], frame: SeriesFrame): Map<string, SalesSeries> {
  const n = frame.periods;
  const work = new Map(keys.map((k) => [k, { series: emptySeries(k, frame), soldQ: new Float64Array(n), soldR: new Float64Array(n) }]));
  for (const cell of cells) {
    const w = work.get(cell.key);
    if (!w || cell.period < 0 || cell.period >= n) continue;
    w.series.quantity[cell.period] += cell.quantity;
    w.series.revenue[cell.period] += cell.revenue;
    w.soldQ[cell.period] += cell.soldQuantity;
    w.soldR[cell.period] += cell.soldRevenue;
  }
  const result = new Map<string, SalesSeries>();
  for (const [key, w] of work) {
    fillPrices(w.series, w.soldQ, w.soldR);
    result.set(key, w.series);
  }
  return result;
}
