import { groupedBgNbdLikelihood } from './bg-nbd-grouped';
import type { BgNbdParams, CustomerSummary, FitResult } from './clv.types';
import { groupHistories } from './histories';
import { solve, solveAsync, type FitProblem } from './nelder-mead';
import { hyp2f1, lgamma, logAddExp } from './special-functions';

/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): likelihood, maximum-likelihood fit
 * and the per-customer quantities derived from it. Parameters are optimised as their logarithms, so every step of
 * the simplex stays in the positive orthant; the likelihood is evaluated in log space (lgamma, log-sum-exp) so
 * customers with hundreds of purchases or long ages do not overflow.
 */

type Summary = Pick<CustomerSummary, 'frequency' | 'recency' | 'T'>;

/** ln L_i of equation (6) in FHL 2005, written as A1 + A2 + ln(e^A3 + δ(x>0) e^A4). */
export function bgNbdCustomerLogLikelihood(params: BgNbdParams, c: Summary): number {
  const { r, alpha, a, b } = params;
  const x = c.frequency;
  const a1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const a2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + c.T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + c.recency) : -Infinity;
  return a1 + a2 + logAddExp(a3, a4);
}

/** Σ ln L_i over the customers. */
export function bgNbdLogLikelihood(params: BgNbdParams, customers: readonly Summary[]): number {
  const { r, alpha, a, b } = params;
  // Terms that depend on the customer only through x are shared by everyone with the same x.
  const lgR = lgamma(r);
  const lgAB = lgamma(a + b);
  const lgB = lgamma(b);
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  const perX = new Map<number, number>();
  let total = 0;
  for (const c of customers) {
    const x = c.frequency;
    let shared = perX.get(x);
    if (shared === undefined) {
      shared = lgamma(r + x) - lgR + r * lnAlpha + lgAB + lgamma(b + x) - lgB - lgamma(a + b + x);
      perX.set(x, shared);
    }
    const a3 = -(r + x) * Math.log(alpha + c.T);
    const a4 = x > 0 ? lnA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + c.recency) : -Infinity;
    total += shared + logAddExp(a3, a4);
  }
  return total;
}

const toParams = (v: readonly number[]): BgNbdParams => ({
  r: Math.exp(v[0]),
  alpha: Math.exp(v[1]),
  a: Math.exp(v[2]),
  b: Math.exp(v[3]),
});

/**
 * Maximum-likelihood fit. The start (r = 1, α = mean T, a = b = 1) is scale-aware so day and week units converge
 * alike. A tiny ridge on the log-parameters (1e-6 per customer-free unit) keeps degenerate data (no repeat
 * purchases at all) from drifting to infinity without moving any well-determined optimum measurably.
 */
function bgNbdFit(customers: readonly Summary[]): FitProblem<FitResult<BgNbdParams>> {
  if (customers.length === 0) throw new RangeError('fitBgNbd needs at least one customer');
  const meanT = customers.reduce((s, c) => s + c.T, 0) / customers.length;
  const logLikelihood = groupedBgNbdLikelihood(groupHistories(customers));
  return {
    objective: (v) => -logLikelihood(toParams(v)) + 1e-6 * v.reduce((s, t) => s + t * t, 0),
    start: [0, Math.log(Math.max(meanT, 1e-6)), 0, 0],
    options: { tolerance: 1e-10, maxEvaluations: 40_000 },
    result: (minimum) => {
      const params = toParams(minimum.x);
      return {
        params,
        logLikelihood: bgNbdLogLikelihood(params, customers),
        customers: customers.length,
        evaluations: minimum.evaluations,
      };
    },
  };
}

export const fitBgNbd = (customers: readonly Summary[]): FitResult<BgNbdParams> => solve(bgNbdFit(customers));

/** `fitBgNbd` yielding to the event loop while it works. */
export const fitBgNbdAsync = (customers: readonly Summary[]): Promise<FitResult<BgNbdParams>> =>
  solveAsync(bgNbdFit(customers));

/** ln of the odds term δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x), shared by P(alive) and E[Y(t)]. */
function logDeadOdds(params: BgNbdParams, c: Summary): number {
  if (c.frequency === 0) return -Infinity;
  const { r, alpha, a, b } = params;
  const x = c.frequency;
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + c.T) - Math.log(alpha + c.recency));
}

/** P(alive | x, t_x, T), FHL 2005 eq. (11). */
export function probabilityAlive(params: BgNbdParams, c: Summary): number {
  const odds = logDeadOdds(params, c);
  return odds === -Infinity ? 1 : 1 / (1 + Math.exp(odds));
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t time units, FHL 2005 eq. (10). */
export function expectedPurchases(params: BgNbdParams, c: Summary, t: number): number {
  const out = new Float64Array(1);
  expectedPurchasesAt(params, c, [t], out);
  return out[0];
}

/**
 * E[Y(t) | x, t_x, T] at several horizons into out[i] (the numbers `expectedPurchases` gives, one by one), taking
 * the terms that do not depend on t once: a 12-month CLV asks for 12 horizons of every history.
 */
export function expectedPurchasesAt(params: BgNbdParams, c: Summary, horizons: ArrayLike<number>, out: Float64Array): void {
  const { r, alpha, b } = params;
  // a = 1 is a removable singularity of eq. (10) (0/0); step just off it rather than return NaN.
  const a = Math.abs(params.a - 1) < 1e-7 ? 1 + 1e-7 : params.a;
  const x = c.frequency;
  const lnAlphaT = Math.log(alpha + c.T);
  const scale = (a + b + x - 1) / (a - 1);
  const odds = logDeadOdds(params, c);
  const denominator = 1 + (odds === -Infinity ? 0 : Math.exp(odds));
  for (let i = 0; i < horizons.length; i++) {
    const t = horizons[i];
    if (t <= 0) {
      out[i] = 0;
      continue;
    }
    const z = t / (alpha + c.T + t);
    const power = Math.exp((r + x) * (lnAlphaT - Math.log(alpha + c.T + t)));
    const value = (scale * (1 - power * hyp2f1(r + x, b + x, a + b + x - 1, z))) / denominator;
    out[i] = Number.isFinite(value) && value > 0 ? value : 0;
  }
}

/** E[X(t)] for a customer just acquired (population mean), FHL 2005 eq. (7); used by the simulation checks. */
export function expectedPurchasesNewCustomer(params: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = params;
  const z = t / (alpha + t);
  const power = Math.pow(alpha / (alpha + t), r);
  return ((a + b - 1) / (a - 1)) * (1 - power * hyp2f1(r, b, a + b - 1, z));
}
