import { DEPARTMENTS } from './catalog.data';
import { demandMultiplier, type ProductModel } from './product-model';
import { LAPSE_WINDOW, OTHER_DEPARTMENT_WEIGHT, PERSONAS, type PersonaSpec } from './personas.data';
import { WeightedSampler } from './random';

/**
 * How much each group wants each product. A group's base weight of product j is
 *   departmentWeight(group, dept j) × tierAffinity(group, tier j) × popularity j / Σ popularity in dept j,
 * so a group's department preferences hold whatever the department's size. On day t the weight is multiplied by
 * the product's demand multiplier (price elasticity, trend, discontinuation).
 *
 * Intensity, not share: a shopper's expected units of product j on day t are proportional to
 * base_j × multiplier_j(t) / Z0 (Z0 = Σ base at base prices), not to a share of a fixed total. Drawing orders at
 * rate × Z(t) / Z0 and then products with probability ∝ weight gives exactly that, so a price change moves a
 * product's own expected demand by (p / p0)^e, with no dilution through the other products.
 */
export interface GroupWeights {
  /** base[g][j] */
  base: Float64Array[];
  /** Z0 of each group. */
  baseTotal: Float64Array;
}

/** A group's department weight (OTHER_DEPARTMENT_WEIGHT when the group does not list the department). */
export function departmentWeight(persona: PersonaSpec, department: number): number {
  return persona.departmentWeights[DEPARTMENTS[department].key] ?? OTHER_DEPARTMENT_WEIGHT;
}

/** Builds every group's base weights over the catalogue. */
export function buildGroupWeights(products: readonly ProductModel[]): GroupWeights {
  const departmentPopularity = new Float64Array(DEPARTMENTS.length);
  for (const p of products) departmentPopularity[p.department] += p.popularity;
  const base = PERSONAS.map((persona) => {
    const weights = new Float64Array(products.length);
    products.forEach((p, j) => {
      const share = p.popularity / departmentPopularity[p.department];
      weights[j] = departmentWeight(persona, p.department) * persona.tierAffinity[p.tier] * share;
    });
    return weights;
  });
  const baseTotal = Float64Array.from(base.map((w) => w.reduce((a, b) => a + b, 0)));
  return { base, baseTotal };
}

/** Orders per user and year a persona places on average over the history (seasonality averaged out). */
function expectedOrdersPerYear(persona: PersonaSpec, days: number): number {
  if (persona.lifecycle === 'one_off') return 365 / days;
  if (persona.lifecycle === 'lapsing') return (persona.ordersPerYear * (LAPSE_WINDOW.from + LAPSE_WINDOW.to)) / 2;
  return persona.ordersPerYear;
}

/**
 * Expected units per year of each product at its base price in a shop of userCount shoppers. The catalogue uses
 * it to plant slow movers at a target volume and to draw trending products from the well-selling ones, so both
 * stay recognisable whichever groups happen to favour their department.
 */
export function expectedUnitsPerYear(products: readonly ProductModel[], userCount: number, days: number): Float64Array {
  const weights = buildGroupWeights(products);
  const out = new Float64Array(products.length);
  PERSONAS.forEach((persona, g) => {
    const items = (persona.share * userCount * expectedOrdersPerYear(persona, days) * persona.basketSize) / weights.baseTotal[g];
    products.forEach((p, j) => (out[j] += items * weights.base[g][j] * (1 + DEPARTMENTS[p.department].extraUnits)));
  });
  return out;
}

/** One day's samplers: per group, products ∝ weight today, and the group's Z(t) / Z0. */
export interface DailyGroupSamplers {
  samplers: WeightedSampler[];
  intensityRatio: Float64Array;
}

/** Today's demand multiplier of every product. */
export function dailyMultipliers(products: readonly ProductModel[], t: number, days: number): Float64Array {
  const out = new Float64Array(products.length);
  for (let j = 0; j < products.length; j++) out[j] = demandMultiplier(products[j], t, days);
  return out;
}

/** The samplers of day t, from the group weights and that day's multipliers. */
export function dailySamplers(weights: GroupWeights, multipliers: Float64Array): DailyGroupSamplers {
  const intensityRatio = new Float64Array(weights.base.length);
  const samplers = weights.base.map((base, g) => {
    const today = new Float64Array(base.length);
    for (let j = 0; j < base.length; j++) today[j] = base[j] * multipliers[j];
    const sampler = new WeightedSampler(today);
    intensityRatio[g] = sampler.total / weights.baseTotal[g];
    return sampler;
  });
  return { samplers, intensityRatio };
}
