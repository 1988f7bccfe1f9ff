import type { RegressionRows } from './elasticity';
import type { Estimate } from './shrinkage';

/** Per member at elasticity e: Σ y·x, total units, and the exp(offset + e·x)-weighted mean and variance of x. */
function memberMoments(r: RegressionRows, e: number): { sxy: number; total: number; mean: number; variance: number } {
  let sxy = 0;
  let total = 0;
  let sw = 0;
  let swx = 0;
  let swxx = 0;
  for (let t = 0; t < r.units.length; t++) {
    const x = r.logPrice[t];
    const w = Math.exp(r.offset[t] + e * x);
    sxy += r.units[t] * x;
    total += r.units[t];
    sw += w;
    swx += w * x;
    swxx += w * x * x;
  }
  const mean = swx / sw;
  return { sxy, total, mean, variance: Math.max(0, swxx / sw - mean * mean) };
}

/** Pearson dispersion of the common fit (each member's level profiled out), floored at 1. */
function dispersion(members: readonly RegressionRows[], e: number): number {
  let pearson = 0;
  let rows = 0;
  for (const r of members) {
    let sw = 0;
    for (let t = 0; t < r.units.length; t++) sw += Math.exp(r.offset[t] + e * r.logPrice[t]);
    const total = r.units.reduce((a, b) => a + b, 0);
    for (let t = 0; t < r.units.length; t++) {
      const mu = (total * Math.exp(r.offset[t] + e * r.logPrice[t])) / sw;
      if (mu > 0) pearson += (r.units[t] - mu) ** 2 / mu;
    }
    rows += r.units.length;
  }
  return Math.max(1, pearson / Math.max(1, rows - members.length - 1));
}

/**
 * One elasticity shared by a category's products, each keeping its own level: the Poisson likelihood with the
 * product levels profiled out (a conditional multinomial likelihood), maximised by Newton's method in one
 * dimension. This is the category estimate the products are pooled towards; unlike a precision-weighted mean
 * of the products' own estimates, it does not let noisy standard errors decide the weights.
 */
export function commonElasticity(members: readonly RegressionRows[], start = -1): Estimate | null {
  let e = start;
  let information = 0;
  for (let iter = 0; iter < 50; iter++) {
    let score = 0;
    information = 0;
    for (const r of members) {
      const m = memberMoments(r, e);
      score += m.sxy - m.total * m.mean;
      information += m.total * m.variance;
    }
    if (!(information > 0)) return null;
    const step = Math.max(-1, Math.min(1, score / information));
    e += step;
    if (Math.abs(step) < 1e-9) break;
  }
  if (!Number.isFinite(e)) return null;
  return { value: e, standardError: Math.sqrt(dispersion(members, e) / information) };
}
