import { Rng } from '../../demo/random';
import type { BgNbdParams, CustomerSummary, GammaGammaParams } from './clv.types';

/**
 * Draws customers from the BG/NBD and Gamma-Gamma models themselves (the generative story of FHL 2005 and
 * Fader & Hardie 2013), so a fit can be checked against the parameters that produced the data.
 */

export interface SimulationOptions {
  customers: number;
  /** Each customer's age T is uniform in [minT, maxT] (model units). */
  minT: number;
  maxT: number;
  seed: number;
}

function beta(rng: Rng, a: number, b: number): number {
  const x = rng.gamma(a);
  return x / (x + rng.gamma(b));
}

/** One customer's repeat purchases in (0, T]: Poisson(λ) arrivals, dropping out with probability p after each. */
function purchaseTimes(rng: Rng, lambda: number, p: number, T: number): number[] {
  const times: number[] = [];
  let t = 0;
  for (;;) {
    t += -Math.log(1 - rng.next()) / lambda;
    if (t > T) return times;
    times.push(t);
    if (rng.next() < p) return times;
  }
}

export function simulateCustomers(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  options: SimulationOptions,
): CustomerSummary[] {
  const rng = new Rng(options.seed);
  const out: CustomerSummary[] = [];
  for (let i = 0; i < options.customers; i++) {
    const T = options.minT + (options.maxT - options.minT) * rng.next();
    const lambda = rng.gamma(bg.r, 1 / bg.alpha);
    const times = purchaseTimes(rng, lambda, beta(rng, bg.a, bg.b), T);
    const nu = rng.gamma(gg.q, 1 / gg.v);
    let spend = 0;
    for (let k = 0; k < times.length; k++) spend += rng.gamma(gg.p, 1 / nu);
    out.push({
      customerId: String(i + 1),
      frequency: times.length,
      recency: times.length > 0 ? times[times.length - 1] : 0,
      T,
      monetaryValue: times.length > 0 ? spend / times.length : 0,
    });
  }
  return out;
}
