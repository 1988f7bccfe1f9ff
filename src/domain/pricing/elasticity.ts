import type { SalesSeries } from '../forecasts/series';
import { fitPoisson } from './poisson-regression';

/** Fewer days with a sale than this and a product's own elasticity is not estimated. */
export const MIN_SALE_DAYS = 10;
/** Standard deviation of log price (over days with a sale) below which prices count as constant. */
export const MIN_LOG_PRICE_SD = 0.02;

/**
 * Units from which a product's own linear trend is fitted next to its category's: below it, a trend would
 * soak up the price steps (a handful per year) and multiply the estimate's variance.
 */
export const OWN_TREND_UNITS = 1000;

/** The regression's rows, kept so a category can fit one common elasticity over its products' rows. */
export interface RegressionRows {
  /** Centred log price, units (net, floored at 0) and seasonal offset of each day from first to last sale. */
  logPrice: Float64Array;
  units: Float64Array;
  offset: Float64Array;
}

export type ElasticityEstimate =
  | { ok: true; elasticity: number; standardError: number; saleDays: number; units: number; rows: RegressionRows }
  | { ok: false; reason: 'no sales' | 'insufficient price variation' | 'fit failed' };

/**
 * The price path the regression reads. Between two days with sales at different prices the change happened
 * on some unseen day of the gap; carrying the old price across the whole gap would put the new regime's first
 * days at the old price and bias the elasticity towards zero, so each gap is split at its middle.
 */
export function regressionPrices(series: SalesSeries): Float64Array {
  const price = Float64Array.from(series.price!);
  let previous = -1;
  series.priceObserved.forEach((seen, t) => {
    if (!seen) return;
    if (previous >= 0 && t - previous > 1 && price[t] !== price[previous]) {
      price.fill(price[t], Math.ceil((previous + t) / 2), t);
    }
    previous = t;
  });
  return price;
}

function logPriceSd(series: SalesSeries): number {
  const logs: number[] = [];
  series.priceObserved.forEach((seen, t) => seen && logs.push(Math.log(series.price![t])));
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  return Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length);
}

/**
 * A product's price elasticity from its daily series: Poisson regression of units on log price and a linear
 * (for big sellers) its own linear trend, with its category's day-by-day offset (seasonality.ts), over the days from its first to its last sale (so launches
 * and discontinuations do not read as demand). Net units below zero (a day of returns only) count as zero.
 */
export function estimateElasticity(series: SalesSeries, offset: Float64Array): ElasticityEstimate {
  const { firstSale, lastSale } = series;
  if (firstSale < 0 || series.price === null) return { ok: false, reason: 'no sales' };
  const price = regressionPrices(series);
  const saleDays = series.priceObserved.reduce((a, b) => a + b, 0);
  if (saleDays < MIN_SALE_DAYS || logPriceSd(series) < MIN_LOG_PRICE_SD) {
    return { ok: false, reason: saleDays < 2 ? 'no sales' : 'insufficient price variation' };
  }
  const n = lastSale - firstSale + 1;
  const units = series.quantity.reduce((a, b) => a + Math.max(0, b), 0);
  const k = units >= OWN_TREND_UNITS ? 3 : 2;
  const x = new Float64Array(n * k);
  const y = new Float64Array(n);
  const off = new Float64Array(n);
  let meanLogPrice = 0;
  for (let t = 0; t < n; t++) meanLogPrice += Math.log(price[firstSale + t]) / n;
  for (let t = 0; t < n; t++) {
    x[t * k] = 1;
    x[t * k + 1] = Math.log(price[firstSale + t]) - meanLogPrice;
    if (k === 3) x[t * k + 2] = t / n - 0.5;
    y[t] = Math.max(0, series.quantity[firstSale + t]);
    off[t] = offset[firstSale + t] ?? 0;
  }
  const fit = fitPoisson({ n, k, x, offset: off }, y);
  if (!fit) return { ok: false, reason: 'fit failed' };
  const logPrice = Float64Array.from({ length: n }, (_, t) => x[t * k + 1]);
  const rows = { logPrice, units: y, offset: off };
  return { ok: true, elasticity: fit.beta[1], standardError: fit.standardError(1), saleDays, units, rows };
}
