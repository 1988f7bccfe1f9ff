/**
 * The seasonal control of the elasticity regression: the log of the product's category's units on each day
 * without the product's own (plus one, centred). One number per day controls for everything the category's
 * products share — weekday, season, holidays, shop growth — with no shape assumed and no parameter to fit from
 * the product's few sales, and no shape assumed (a sharp holiday spike needs none). A parametric alternative
 * (trend + weekday dummies + annual Fourier terms) measured about the same on the demo shop (docs/pricing.md).
 */
export function shareOffset(reference: Float64Array, own: Float64Array): Float64Array {
  const logs = reference.map((v, t) => Math.log(Math.max(0, v - Math.max(0, own[t] ?? 0)) + 1));
  const mean = logs.reduce((a, b) => a + b, 0) / Math.max(1, logs.length);
  return logs.map((v) => v - mean);
}
