import {
  bgNbdCustomerLogLikelihood, bgNbdLogLikelihood, expectedPurchases, expectedPurchasesNewCustomer,
  probabilityAlive,
} from '../../src/domain/marketing/clv/bg-nbd';
import { customerLifetimeValue } from '../../src/domain/marketing/clv/clv';
import type { BgNbdParams, GammaGammaParams } from '../../src/domain/marketing/clv/clv.types';
import { expectedAverageSpend } from '../../src/domain/marketing/clv/gamma-gamma';
import { simulateCustomers } from '../../src/domain/marketing/clv/simulate';
import { hyp2f1, lgamma } from '../../src/domain/marketing/clv/special-functions';

/** ln Γ(x) by a slow, obviously-correct route: the log of a product for integers, Stirling's series far out. */
function slowLgamma(x: number): number {
  let shift = 0;
  while (x < 30) {
    shift += Math.log(x);
    x += 1;
  }
  const series = 1 / (12 * x) - 1 / (360 * x ** 3) + 1 / (1260 * x ** 5) - 1 / (1680 * x ** 7);
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** FHL 2005 eq. (3)-(6) written directly as L = B(a,b+x)/B(a,b) Γ(r+x)α^r/Γ(r) · [1/(α+T)^(r+x) + δ …]. */
function slowBgNbdLikelihood(p: BgNbdParams, x: number, tx: number, T: number): number {
  const beta = (u: number, v: number) => Math.exp(slowLgamma(u) + slowLgamma(v) - slowLgamma(u + v));
  const gammaRatio = Math.exp(slowLgamma(p.r + x) - slowLgamma(p.r)) * Math.pow(p.alpha, p.r);
  const alive = (beta(p.a, p.b + x) / beta(p.a, p.b)) * Math.pow(p.alpha + T, -(p.r + x));
  const dead = x > 0 ? (beta(p.a + 1, p.b + x - 1) / beta(p.a, p.b)) * Math.pow(p.alpha + tx, -(p.r + x)) : 0;
  return gammaRatio * (alive + dead);
}

const BG: BgNbdParams = { r: 1.2, alpha: 4, a: 1.5, b: 4 };
const GG: GammaGammaParams = { p: 4, q: 10, v: 100 };
const within = (got: number, want: number, rel: number) => expect(Math.abs(got / want - 1)).toBeLessThan(rel);

describe('special functions', () => {
  it('lgamma matches a slow reference and known values', () => {
    for (const x of [0.1, 0.5, 1, 2.5, 7, 33.3, 150, 1e4]) expect(lgamma(x)).toBeCloseTo(slowLgamma(x), 9);
    expect(lgamma(1)).toBeCloseTo(0, 12);
    expect(lgamma(5)).toBeCloseTo(Math.log(24), 12);
  });
  it('2F1 reduces to closed forms', () => {
    // 2F1(1,1;2;z) = −ln(1−z)/z
    expect(hyp2f1(1, 1, 2, 0.7)).toBeCloseTo(-Math.log(0.3) / 0.7, 10);
    // 2F1(a,b;b;z) = (1−z)^−a
    expect(hyp2f1(1.7, 3, 3, 0.4)).toBeCloseTo(Math.pow(0.6, -1.7), 10);
  });
});

describe('BG/NBD', () => {
  it('log-likelihood equals the direct formula of FHL 2005', () => {
    for (const [x, tx, T] of [[0, 0, 30], [1, 5.5, 38], [4, 30.2, 39], [25, 20, 60]]) {
      const fast = bgNbdCustomerLogLikelihood(BG, { frequency: x, recency: tx, T });
      expect(fast).toBeCloseTo(Math.log(slowBgNbdLikelihood(BG, x, tx, T)), 9);
    }
    const many = [{ frequency: 2, recency: 3, T: 9 }, { frequency: 2, recency: 8, T: 9 }, { frequency: 0, recency: 0, T: 4 }];
    const sum = many.reduce((s, c) => s + Math.log(slowBgNbdLikelihood(BG, c.frequency, c.recency, c.T)), 0);
    expect(bgNbdLogLikelihood(BG, many)).toBeCloseTo(sum, 9);
  });

  it('stays finite for heavy buyers over long ages', () => {
    const ll = bgNbdLogLikelihood(BG, [{ frequency: 5000, recency: 9000, T: 9125 }]);
    expect(Number.isFinite(ll)).toBe(true);
    expect(probabilityAlive(BG, { frequency: 5000, recency: 100, T: 9125 })).toBeGreaterThanOrEqual(0);
  });

  it('forecasts agree with simulation: E[X(t)] for new customers and P(alive) bounds', () => {
    const data = simulateCustomers(BG, GG, { customers: 10_000, minT: 26, maxT: 26, seed: 11 });
    const mean = data.reduce((s, c) => s + c.frequency, 0) / data.length;
    within(expectedPurchasesNewCustomer(BG, 26), mean, 0.03);
    const fresh = { frequency: 0, recency: 0, T: 0 };
    expect(expectedPurchases(BG, fresh, 26)).toBeCloseTo(expectedPurchasesNewCustomer(BG, 26), 9);
    expect(probabilityAlive(BG, { frequency: 0, recency: 0, T: 30 })).toBe(1);
    const recent = probabilityAlive(BG, { frequency: 5, recency: 29, T: 30 });
    const lapsed = probabilityAlive(BG, { frequency: 5, recency: 3, T: 30 });
    expect(recent).toBeGreaterThan(lapsed);
    const c = { frequency: 3, recency: 20, T: 30 };
    const atOne = expectedPurchases({ ...BG, a: 1 }, c, 10);
    expect(atOne).toBeGreaterThan(0);
    expect(atOne).toBeCloseTo(expectedPurchases({ ...BG, a: 1.001 }, c, 10), 2);
  });
});

describe('Gamma-Gamma', () => {
  it('shrinks a customer mean toward the population mean', () => {
    const population = (GG.p * GG.v) / (GG.q - 1);
    const few = expectedAverageSpend(GG, { frequency: 1, monetaryValue: 100 });
    const many = expectedAverageSpend(GG, { frequency: 50, monetaryValue: 100 });
    expect(few).toBeGreaterThan(population);
    expect(few).toBeLessThan(many);
    expect(many).toBeLessThan(100);
  });
});

describe('CLV', () => {
  it('is the discounted sum of monthly expected purchases times expected spend', () => {
    const c = { customerId: 'x', frequency: 3, recency: 20, T: 30, monetaryValue: 40 };
    const month = 365.25 / 12 / 7;
    const undiscounted = customerLifetimeValue(BG, GG, c, { unitDays: 7, monthlyDiscountRate: 0 });
    expect(undiscounted).toBeCloseTo(expectedPurchases(BG, c, 12 * month) * expectedAverageSpend(GG, c), 8);
    const discounted = customerLifetimeValue(BG, GG, c, { unitDays: 7, monthlyDiscountRate: 0.02 });
    expect(discounted).toBeLessThan(undiscounted);
    expect(discounted).toBeGreaterThan(undiscounted / Math.pow(1.02, 12));
  });
});
