import { customerValues } from '../../src/domain/marketing/clv';
import { simulateCustomers } from '../../src/domain/marketing/clv/simulate';
import { valueCustomers, valueWithParams } from '../../src/domain/segments/refresh/customer-values';

const BG = { r: 0.8, alpha: 40, a: 0.6, b: 3 };
const GG = { p: 4, q: 6, v: 90 };

describe('segment refresh customer values', () => {
  // whole-day histories, as the refresh builds them, so many customers share one (x, t_x, T)
  const customers = simulateCustomers(BG, GG, { customers: 3000, minT: 30, maxT: 60, seed: 3 }).map((c) => ({
    ...c,
    recency: Math.round(c.recency),
    T: Math.max(Math.round(c.recency), Math.round(c.T)),
  }));

  it('equals customerValues customer by customer while sharing work between equal histories', async () => {
    const expected = customerValues(BG, GG, customers, { unitDays: 1, monthlyDiscountRate: 0.01, horizonDays: 90 });
    const got = await valueWithParams(BG, GG, customers);
    const distinct = new Set(customers.map((c) => `${c.frequency}:${c.recency}:${c.T}`)).size;
    expect(distinct).toBeLessThan(customers.length * 0.8);
    expect(got).toHaveLength(customers.length);
    for (const [i, e] of expected.entries()) {
      expect(e.customerId).toBe(customers[i].customerId);
      const v = got[i];
      expect(v.probabilityAlive).toBeCloseTo(e.probabilityAlive, 12);
      expect(v.expectedPurchases90d).toBeCloseTo(e.expectedPurchasesNext, 12);
      expect(v.clv! / e.clv).toBeCloseTo(1, 10);
    }
    const withoutSpend = await valueWithParams(BG, null, customers.slice(0, 10));
    for (const v of withoutSpend) expect(v.clv).toBeNull();
  });

  it('leaves CLV null with a message when there is too little data', async () => {
    const outcome = await valueCustomers(customers.slice(0, 10));
    expect(outcome.fit).toBeNull();
    expect(outcome.values).toHaveLength(0);
    expect(outcome.message).toBe('CLV not computed: needs at least 20 customers with purchases and 5 repeat customers, have 10 and ' +
      `${customers.slice(0, 10).filter((c) => c.frequency > 0).length}`);
  });
});
