import { Rng } from '../../src/domain/demo/random';
import { buildSeries, seriesFrame, type SalesSeries, type SeriesCell } from '../../src/domain/forecasts/series';
import { commonElasticity } from '../../src/domain/pricing/common-elasticity';
import { estimateElasticity, regressionPrices } from '../../src/domain/pricing/elasticity';
import { evaluatePricingOnDemo } from '../../src/domain/pricing';
import { poolEstimates } from '../../src/domain/pricing/shrinkage';

const FRAME = seriesFrame({ from: '2024-01-01', to: '2025-12-31' }, 'DAY');
const NO_OFFSET = new Float64Array(FRAME.periods);

/** Daily Poisson sales at rate × (p / p0)^e × weekly pattern, with the price stepping through `prices`. */
function plantedSeries(rng: Rng, rate: number, elasticity: number, prices: number[], weekly = true): SalesSeries {
  const cells: SeriesCell[] = [];
  const step = Math.ceil(FRAME.periods / prices.length);
  for (let t = 0; t < FRAME.periods; t++) {
    const price = prices[Math.floor(t / step)];
    const season = weekly ? 1 + 0.3 * Math.sin((2 * Math.PI * t) / 7) : 1;
    const q = rng.poisson(rate * season * Math.pow(price / prices[0], elasticity));
    if (q > 0) cells.push({ key: 'p', period: t, quantity: q, revenue: q * price, soldQuantity: q, soldRevenue: q * price });
  }
  return buildSeries(['p'], cells, FRAME).get('p')!;
}

describe('elasticity estimation', () => {
  it('recovers a planted elasticity from daily counts, with an honest standard error', () => {
    const rng = Rng.forStream(3, 'elasticity');
    const errors: number[] = [];
    for (let i = 0; i < 20; i++) {
      const e = rng.uniform(-2.5, -0.8);
      const est = estimateElasticity(plantedSeries(rng, 3, e, [20, 24, 17, 22, 19]), NO_OFFSET);
      if (!est.ok) throw new Error(est.reason);
      errors.push((est.elasticity - e) / est.standardError);
    }
    const within = errors.filter((z) => Math.abs(z) < 1.96).length;
    expect(within).toBeGreaterThanOrEqual(16);
    expect(Math.abs(errors.reduce((a, b) => a + b, 0) / errors.length)).toBeLessThan(0.8);
  });

  it('pins one shared elasticity over thin products and pools each towards it', () => {
    const rng = Rng.forStream(5, 'pooling');
    const thin = Array.from({ length: 12 }, () => estimateElasticity(plantedSeries(rng, 0.4, -1.8, [30, 36, 26, 33]), NO_OFFSET));
    const rows = thin.map((e) => (e.ok ? e.rows : null)).filter((r) => r !== null);
    expect(rows).toHaveLength(12);
    const common = commonElasticity(rows)!;
    expect(Math.abs(common.value + 1.8)).toBeLessThan(3 * common.standardError);
    expect(common.standardError).toBeLessThan(0.2);
    const estimates = thin.map((e) => (e.ok ? { value: e.elasticity, standardError: e.standardError } : null)).filter((e) => e !== null);
    const pooled = poolEstimates(estimates, common);
    const rawError = estimates.reduce((s, e) => s + Math.abs(e.value + 1.8), 0);
    const pooledError = pooled.pooled.reduce((s, e) => s + Math.abs(e.value + 1.8), 0);
    expect(pooledError).toBeLessThan(rawError / 2);
  });

  it('shrinks thin data more than plentiful data, and leaves a group of one alone', () => {
    const group = poolEstimates([
      { value: -1, standardError: 0.05 },
      { value: -3, standardError: 0.05 },
      { value: -2.5, standardError: 1 },
      { value: -0.5, standardError: 0.1 },
    ]);
    expect(group.tau2).toBeGreaterThan(0);
    expect(group.pooled[2].shrinkage).toBeGreaterThan(group.pooled[0].shrinkage);
    expect(Math.abs(group.pooled[0].value + 1)).toBeLessThan(0.01);
    expect(poolEstimates([{ value: -2, standardError: 0.4 }]).pooled[0]).toEqual({ value: -2, standardError: 0.4, shrinkage: 0 });
  });

  it('refuses products without sales or without price variation, saying which', () => {
    const rng = Rng.forStream(9, 'refuse');
    expect(estimateElasticity(plantedSeries(rng, 2, -2, [10]), NO_OFFSET)).toEqual({ ok: false, reason: 'insufficient price variation' });
    expect(estimateElasticity(buildSeries(['p'], [], FRAME).get('p')!, NO_OFFSET)).toEqual({ ok: false, reason: 'no sales' });
  });

  it('splits an unseen price change at the middle of the gap between sales', () => {
    const cells = [0, 4].map((period, i) => ({ key: 'p', period, quantity: 1, revenue: i ? 12 : 10, soldQuantity: 1, soldRevenue: i ? 12 : 10 }));
    const series = buildSeries(['p'], cells, seriesFrame({ from: '2025-01-01', to: '2025-01-07' }, 'DAY')).get('p')!;
    expect(Array.from(series.price!)).toEqual([10, 10, 10, 10, 12, 12]);
    expect(Array.from(regressionPrices(series))).toEqual([10, 10, 12, 12, 12, 12]);
  });

  it('beats the unpooled estimates on a small demo shop against its planted elasticities', () => {
    const r = evaluatePricingOnDemo({ seed: 3, users: 4000, products: 60, days: 365, endDate: '2025-06-01' });
    expect(r.estimated).toBeGreaterThan(45);
    expect(r.elasticityMae).toBeLessThan(r.rawMae);
    expect(r.elasticityMae).toBeLessThan(0.45);
  });
});
