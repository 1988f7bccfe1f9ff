import { Rng } from '../../src/domain/demo/random';
import { pointAt, priceBounds, recommendPrice, type DemandModel, type PriceConstraintsInput } from '../../src/domain/pricing';

/** Seeded random cases: demand models and constraint sets, some contradictory. */
function randomCase(rng: Rng): { model: DemandModel; constraints: PriceConstraintsInput } {
  const price = Math.round(rng.uniform(1, 500) * 100) / 100;
  const hasCost = rng.bernoulli(0.8);
  const model: DemandModel = {
    price,
    quantity: rng.uniform(0.1, 200),
    elasticity: rng.uniform(-4, 0.3),
    elasticityInterval: null,
    cost: hasCost ? price * rng.uniform(0.2, 1.2) : null,
  };
  const constraints: PriceConstraintsInput = {};
  if (rng.bernoulli(0.5)) constraints.minPrice = price * rng.uniform(0.3, 1.3);
  if (rng.bernoulli(0.5)) constraints.maxPrice = price * rng.uniform(0.7, 2);
  if (rng.bernoulli(0.5)) constraints.maxChangePct = rng.uniform(0, 60);
  if (hasCost && rng.bernoulli(0.4)) constraints.minMarginPct = rng.uniform(0, 70);
  return { model, constraints };
}

const objective = (m: DemandModel, p: number) => (m.cost === null ? pointAt(m, p).expectedRevenue : pointAt(m, p).expectedProfit!);

function violations(m: DemandModel, c: PriceConstraintsInput, p: number): string[] {
  const eps = 1e-9 * Math.max(1, p);
  const out: string[] = [];
  if (c.minPrice != null && p < c.minPrice - eps) out.push('minPrice');
  if (c.maxPrice != null && p > c.maxPrice + eps) out.push('maxPrice');
  if (c.maxChangePct != null && Math.abs(p / m.price - 1) * 100 > c.maxChangePct + 1e-7) out.push('maxChangePct');
  if (c.minMarginPct != null && ((p - m.cost!) / p) * 100 < c.minMarginPct - 1e-7) out.push('minMarginPct');
  return out;
}

describe('price optimiser', () => {
  it('matches p* = c·e/(1+e) under constant elasticity when no constraint binds', () => {
    const rng = Rng.forStream(7, 'optimum');
    for (let i = 0; i < 500; i++) {
      const e = rng.uniform(-5, -1.05);
      const cost = rng.uniform(1, 100);
      const star = (cost * e) / (1 + e);
      const model = { price: star * rng.uniform(0.9, 1.1), quantity: 10, elasticity: e, elasticityInterval: null, cost };
      const r = recommendPrice(model, { minPrice: star / 3, maxPrice: star * 3 });
      expect(r.recommendedPrice).toBeCloseTo(star, 2);
      expect(r.unconstrained).toBeCloseTo(star, 9);
    }
  });

  it('never violates a constraint and beats every feasible price on a fine grid (5,000 seeded cases)', () => {
    const rng = Rng.forStream(11, 'property');
    let feasible = 0;
    let rejected = 0;
    for (let i = 0; i < 5000; i++) {
      const { model, constraints } = randomCase(rng);
      let r;
      try {
        r = recommendPrice(model, constraints);
      } catch (error) {
        expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
        rejected++;
        continue;
      }
      feasible++;
      expect(violations(model, constraints, r.recommendedPrice)).toEqual([]);
      const { lower, upper } = r.bounds;
      const best = objective(model, r.recommendedPrice);
      // Rounding to cents may cost up to half a cent times the objective's steepest slope on the interval.
      const qMax = Math.max(pointAt(model, lower.value).expectedQuantity, pointAt(model, upper.value).expectedQuantity);
      const slope = qMax * (1 + Math.abs(model.elasticity) * (1 + (model.cost ?? 0) / lower.value));
      let gridBest = -Infinity;
      for (let k = 0; k <= 200; k++) gridBest = Math.max(gridBest, objective(model, lower.value + ((upper.value - lower.value) * k) / 200));
      expect(gridBest).toBeLessThanOrEqual(best + 1e-9 * Math.abs(best) + 0.005 * slope);
      expect(Number.isFinite(r.expectedRevenueChange)).toBe(true);
      expect(r.curve.every((pt) => Number.isFinite(pt.expectedQuantity) && pt.expectedRevenue === pt.price * pt.expectedQuantity)).toBe(true);
    }
    expect(feasible).toBeGreaterThan(2000);
    expect(rejected).toBeGreaterThan(100);
  });

  it('says which constraints contradict each other', () => {
    const model = { price: 20, quantity: 5, elasticity: -2, elasticityInterval: null, cost: 12 };
    expect(() => recommendPrice(model, { minMarginPct: 50, maxChangePct: 10 })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'constraints.minMarginPct', message: expect.stringMatching(/minMarginPct needs a price ≥ 24\.00 but maxChangePct allows at most 22\.00/) }),
    );
    expect(() => recommendPrice(model, { minPrice: 30, maxPrice: 25 })).toThrow(expect.objectContaining({ field: 'constraints.minPrice', message: expect.stringContaining('maxPrice') }));
    expect(() => recommendPrice({ ...model, cost: null }, { minMarginPct: 10 })).toThrow(expect.objectContaining({ field: 'constraints.minMarginPct' }));
    expect(() => recommendPrice(model, { maxChangePct: Number.NaN })).toThrow(expect.objectContaining({ field: 'constraints.maxChangePct' }));
    expect(() => recommendPrice(model, { minPrice: -1 })).toThrow(expect.objectContaining({ field: 'constraints.minPrice' }));
  });

  it('maximises revenue without a cost and explains a binding constraint', () => {
    const elastic = recommendPrice({ price: 20, quantity: 5, elasticity: -2, elasticityInterval: null, cost: null }, { maxChangePct: 10 });
    expect(elastic.recommendedPrice).toBe(18);
    expect(elastic.expectedProfitChange).toBeNull();
    expect(elastic.reason).toMatch(/revenue rises as the price falls.*held at 18\.00 by the maximum change/);
    const inelastic = recommendPrice({ price: 20, quantity: 5, elasticity: -0.5, elasticityInterval: [-0.8, -0.2], cost: 5 }, null);
    expect(inelastic.recommendedPrice).toBe(25);
    expect(inelastic.reason).toMatch(/inelastic.*default limit/);
    expect(inelastic.expectedProfitChange!).toBeGreaterThan(0);
  });

  it('lets a default bound yield to an explicit one on the other side', () => {
    expect(priceBounds({ maxPrice: 5 }, 20, null).lower.value).toBe(5);
    expect(priceBounds({ minPrice: 40 }, 20, null).upper.value).toBe(40);
  });
});
