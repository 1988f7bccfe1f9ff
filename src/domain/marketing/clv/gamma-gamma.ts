import type { CustomerSummary, FitResult, GammaGammaParams } from './clv.types';
import { solve, solveAsync, type FitProblem } from './nelder-mead';
import { lgamma } from './special-functions';

/**
 * Gamma-Gamma spend model (Fader & Hardie 2013, "The Gamma-Gamma model of monetary value"): each transaction's
 * value is Gamma(p, ν) with ν ~ Gamma(q, v) across customers, independent of the purchase process. It is fitted on
 * repeat customers only (x > 0 and a positive mean spend), whose mean repeat spend m̄ is the sufficient statistic.
 */

type Spend = Pick<CustomerSummary, 'frequency' | 'monetaryValue'>;

/** Customers the spend model can use: at least one repeat purchase and a positive mean spend. */
export function isRepeatSpender(c: Spend): boolean {
  return c.frequency > 0 && c.monetaryValue > 0 && Number.isFinite(c.monetaryValue);
}

/** ln of the density of m̄ given x (the form lifetimes maximises; it omits no parameter-dependent term). */
export function gammaGammaCustomerLogLikelihood(params: GammaGammaParams, c: Spend): number {
  const { p, q, v } = params;
  const x = c.frequency;
  const m = c.monetaryValue;
  return (
    lgamma(p * x + q) - lgamma(p * x) - lgamma(q) + q * Math.log(v) +
    (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(x * m + v)
  );
}

export function gammaGammaLogLikelihood(params: GammaGammaParams, customers: readonly Spend[]): number {
  let total = 0;
  for (const c of customers) total += gammaGammaCustomerLogLikelihood(params, c);
  return total;
}

/**
 * `gammaGammaLogLikelihood` over fixed customers, for the fit's many evaluations: ln m̄ and x ln x are taken once,
 * and the lgamma terms once per distinct x (weighted by how many customers have it), leaving one log per customer.
 */
function preparedGammaGammaLikelihood(customers: readonly Spend[]): (params: GammaGammaParams) => number {
  const n = customers.length;
  const x = Float64Array.from(customers, (c) => c.frequency);
  const m = Float64Array.from(customers, (c) => c.monetaryValue);
  const lnM = m.map(Math.log);
  const xLnX = x.map((xi) => xi * Math.log(xi));
  const perX = new Map<number, number>();
  for (const xi of x) perX.set(xi, (perX.get(xi) ?? 0) + 1);
  const xs = Float64Array.from(perX.keys());
  const xCounts = Float64Array.from(perX.values());
  return ({ p, q, v }) => {
    let total = n * (q * Math.log(v) - lgamma(q));
    for (let k = 0; k < xs.length; k++) total += xCounts[k] * (lgamma(p * xs[k] + q) - lgamma(p * xs[k]));
    for (let i = 0; i < n; i++) {
      const px = p * x[i];
      total += (px - 1) * lnM[i] + p * xLnX[i] - (px + q) * Math.log(x[i] * m[i] + v);
    }
    return total;
  };
}

const toParams = (v: readonly number[]): GammaGammaParams => ({ p: Math.exp(v[0]), q: Math.exp(v[1]), v: Math.exp(v[2]) });

/** ML fit over the repeat spenders of `customers` (others are ignored); starts at p = q = 1, v = mean spend. */
function gammaGammaFit(customers: readonly Spend[]): FitProblem<FitResult<GammaGammaParams>> {
  const used = customers.filter(isRepeatSpender);
  if (used.length === 0) throw new RangeError('fitGammaGamma needs at least one repeat customer with positive spend');
  const meanSpend = used.reduce((s, c) => s + c.monetaryValue, 0) / used.length;
  const logLikelihood = preparedGammaGammaLikelihood(used);
  return {
    objective: (v) => -logLikelihood(toParams(v)) + 1e-6 * v.reduce((s, t) => s + t * t, 0),
    start: [0, 0, Math.log(meanSpend)],
    options: { tolerance: 1e-10, maxEvaluations: 30_000 },
    result: (minimum) => {
      const params = toParams(minimum.x);
      return {
        params,
        logLikelihood: gammaGammaLogLikelihood(params, used),
        customers: used.length,
        evaluations: minimum.evaluations,
      };
    },
  };
}

export const fitGammaGamma = (customers: readonly Spend[]): FitResult<GammaGammaParams> => solve(gammaGammaFit(customers));

/** `fitGammaGamma` yielding to the event loop while it works. */
export const fitGammaGammaAsync = (customers: readonly Spend[]): Promise<FitResult<GammaGammaParams>> =>
  solveAsync(gammaGammaFit(customers));

/**
 * E[M | x, m̄] = (q − 1)/(p x + q − 1) · p v/(q − 1) + p x/(p x + q − 1) · m̄, a weighted mean of the population
 * mean and the customer's own mean. With q ≤ 1 the population mean is infinite; the customer's mean is returned.
 */
export function expectedAverageSpend(params: GammaGammaParams, c: Spend): number {
  const { p, q, v } = params;
  if (q <= 1) return c.monetaryValue;
  const x = c.frequency;
  return (p * (v + x * c.monetaryValue)) / (p * x + q - 1);
}
