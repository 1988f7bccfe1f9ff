import { generateDemoShop, type DemoOptions } from '../../demo';
import { estimateElasticities, type ProductRef } from '../pooled-elasticities';
import { demoDailySeries } from './demo-series';

export interface PricingEvaluation {
  products: number;
  /** Products with an estimate (the others had no price variation or too few sales). */
  estimated: number;
  skipped: Record<string, number>;
  elasticityMae: number;
  medianError: number;
  /** MAE of the products' own (unpooled) estimates, for comparison. */
  rawMae: number;
  /** Share of planted elasticities inside the 95 % interval. */
  intervalCoverage: number;
  seconds: number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Generates the demo shop in memory, estimates every product's elasticity exactly as the service does (daily
 * series, the department's series as seasonal control, pooling within the leaf category) and compares with the planted values.
 */
export function evaluatePricingOnDemo(options: DemoOptions): PricingEvaluation {
  const started = performance.now();
  const shop = generateDemoShop(options);
  const { products, departments, departmentOf } = demoDailySeries(shop);
  const refs: ProductRef[] = shop.products.map((p) => ({ id: p.externalId, group: p.categoryExternalId, season: departmentOf.get(p.externalId)! }));
  const estimates = estimateElasticities(refs, products, departments);
  const errors: number[] = [];
  const rawErrors: number[] = [];
  const skipped: Record<string, number> = {};
  let covered = 0;
  for (const [id, e] of estimates) {
    const truth = shop.truth.products[id].elasticity;
    if (!e.raw.ok || !e.pooled) {
      const reason = e.raw.ok ? 'not pooled' : e.raw.reason;
      skipped[reason] = (skipped[reason] ?? 0) + 1;
      continue;
    }
    errors.push(Math.abs(e.pooled.elasticity - truth));
    rawErrors.push(Math.abs(e.raw.elasticity - truth));
    if (truth >= e.pooled.interval[0] && truth <= e.pooled.interval[1]) covered++;
  }
  return {
    products: shop.products.length,
    estimated: errors.length,
    skipped,
    elasticityMae: mean(errors),
    medianError: median(errors),
    rawMae: mean(rawErrors),
    intervalCoverage: covered / Math.max(1, errors.length),
    seconds: (performance.now() - started) / 1000,
  };
}
