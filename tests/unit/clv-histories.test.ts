import { bgNbdLogLikelihood, expectedPurchases, expectedPurchasesAt, fitBgNbd } from '../../src/domain/marketing/clv/bg-nbd';
import { groupedBgNbdLikelihood } from '../../src/domain/marketing/clv/bg-nbd-grouped';
import {
  fitGammaGamma, fitGammaGammaAsync, gammaGammaLogLikelihood, isRepeatSpender,
} from '../../src/domain/marketing/clv/gamma-gamma';
import { groupHistories } from '../../src/domain/marketing/clv/histories';
import { nelderMead, nelderMeadAsync } from '../../src/domain/marketing/clv/nelder-mead';
import { simulateCustomers } from '../../src/domain/marketing/clv/simulate';

const BG = { r: 0.8, alpha: 40, a: 0.6, b: 3 };
const GG = { p: 4, q: 6, v: 90 };
const inDays = <C extends { recency: number; T: number }>(c: C): C => ({
  ...c,
  recency: Math.round(c.recency),
  T: Math.max(Math.round(c.recency), Math.round(c.T)),
});
const wholeDays = simulateCustomers(BG, GG, { customers: 3000, minT: 30, maxT: 90, seed: 7 }).map(inDays);
const fractional = simulateCustomers(BG, GG, { customers: 500, minT: 30, maxT: 90, seed: 8 });

describe('grouping customers by purchase history', () => {
  it('gives each distinct (x, t_x, T) one row, its count, and every customer its row', () => {
    for (const customers of [wholeDays, fractional, [...wholeDays, { frequency: 2, recency: 5e7, T: 6e7 }]]) {
      const g = groupHistories(customers);
      const keys = customers.map((c) => `${c.frequency}:${c.recency}:${c.T}`);
      expect(g.count.length).toBe(new Set(keys).size);
      expect(g.count.reduce((s, n) => s + n, 0)).toBe(customers.length);
      customers.forEach((c, i) => {
        const h = g.historyOf[i];
        expect([g.frequency[h], g.recency[h], g.T[h]]).toEqual([c.frequency, c.recency, c.T]);
      });
      const counted = new Map<string, number>();
      for (const k of keys) counted.set(k, (counted.get(k) ?? 0) + 1);
      for (let h = 0; h < g.count.length; h++) {
        expect(g.count[h]).toBe(counted.get(`${g.frequency[h]}:${g.recency[h]}:${g.T[h]}`));
      }
    }
    expect(groupHistories(wholeDays).count.length).toBeLessThan(wholeDays.length * 0.8);
  });

  it('the BG/NBD likelihood over histories equals the sum over customers', () => {
    for (const customers of [wholeDays, fractional]) {
      const grouped = groupedBgNbdLikelihood(groupHistories(customers));
      for (const params of [BG, { r: 2, alpha: 5, a: 1.5, b: 0.7 }, { r: 0.7, alpha: 46, a: 7e5, b: 1e6 }]) {
        const plain = bgNbdLogLikelihood(params, customers);
        expect(Math.abs(grouped(params) / plain - 1)).toBeLessThan(1e-12);
      }
    }
  });
});

describe('forecasts at several horizons', () => {
  it('are the numbers expectedPurchases gives horizon by horizon', () => {
    const horizons = [0, 30.4375, 90, 365.25, -1];
    const out = new Float64Array(horizons.length);
    for (const params of [BG, { ...BG, a: 1 }, { r: 0.7, alpha: 46, a: 7e5, b: 1e6 }]) {
      for (const c of [...wholeDays.slice(0, 50), ...fractional.slice(0, 50)]) {
        expectedPurchasesAt(params, c, horizons, out);
        horizons.forEach((t, i) => expect(out[i]).toBe(expectedPurchases(params, c, t)));
      }
    }
  });
});

describe('fits', () => {
  it('stop when the likelihood is flat along a, b → ∞ instead of spending the whole budget', () => {
    // one dropout probability for everybody (a, b huge): the likelihood keeps rising, ever more slowly, as a, b grow
    const data = simulateCustomers({ r: 0.7, alpha: 45, a: 4e5, b: 6e5 }, GG, { customers: 2000, minT: 30, maxT: 365, seed: 5 })
      .map(inDays);
    const fit = fitBgNbd(data);
    expect(fit.evaluations).toBeLessThan(5000);
    const { r, alpha, a, b } = fit.params;
    expect(Math.abs(r / 0.7 - 1)).toBeLessThan(0.15);
    expect(Math.abs(alpha / 45 - 1)).toBeLessThan(0.15);
    expect(Math.abs(a / (a + b) / 0.4 - 1)).toBeLessThan(0.1);
    expect(a).toBeGreaterThan(1e4);
  });

  it('the Gamma-Gamma fit on prepared sums keeps the likelihood of the customers', () => {
    const fit = fitGammaGamma(wholeDays);
    const used = wholeDays.filter(isRepeatSpender);
    expect(fit.customers).toBe(used.length);
    expect(fit.logLikelihood).toBe(gammaGammaLogLikelihood(fit.params, used));
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(gammaGammaLogLikelihood(GG, used));
  });

  it('the async minimiser takes the same steps as the plain one and lets the event loop run', async () => {
    const rosenbrock = (x: readonly number[]) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2 + (x[2] - 3) ** 2;
    const slow = (x: readonly number[]) => {
      const until = performance.now() + 0.05;
      while (performance.now() < until);
      return rosenbrock(x);
    };
    const plain = nelderMead(rosenbrock, [-1.2, 1, 0], { tolerance: 1e-12 });
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    const async = await nelderMeadAsync(slow, [-1.2, 1, 0], { tolerance: 1e-12 });
    clearInterval(ticker);
    expect(async).toEqual(plain);
    expect(turns).toBeGreaterThan(0);
    expect(await fitGammaGammaAsync(wholeDays)).toEqual(fitGammaGamma(wholeDays));
  });
});
