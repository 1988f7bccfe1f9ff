import type { DemoCategory, DemoProduct, ProductTier } from './demo.types';

/** A leaf category and its planted constant price elasticity. */
export interface LeafModel {
  externalId: string;
  department: number;
  elasticity: number;
  /** Product nouns used to name its products. */
  nouns: readonly string[];
}

export type ProductKind = 'regular' | 'trending' | 'slow' | 'inactive';

/** Everything the demand model knows about a product; the truth document is written from these. */
export interface ProductModel {
  index: number;
  externalId: string;
  department: number;
  leaf: number;
  tier: ProductTier;
  /** Latent popularity: demand is proportional to it (within the shopper's preferred departments). */
  popularity: number;
  elasticity: number;
  basePrice: number;
  /** The price from `day` on; the first step starts on day 0 at basePrice. */
  prices: Array<{ day: number; price: number }>;
  kind: ProductKind;
  /** Demand × 1 before startDay, then rising linearly to × gain on the last day. */
  trend: { startDay: number; gain: number } | null;
  /** No demand from this day on (inactive products were discontinued). */
  discontinuedDay: number | null;
}

/** The generated catalogue: rows to load and the model behind them. */
export interface CatalogModel {
  categories: DemoCategory[];
  leaves: LeafModel[];
  products: DemoProduct[];
  models: ProductModel[];
}

/** The product's price on day t (its price history is short: a linear scan is cheapest). */
export function priceOnDay(model: ProductModel, t: number): number {
  let price = model.prices[0].price;
  for (const step of model.prices) if (step.day <= t) price = step.price;
  return price;
}

/**
 * Demand multiplier of day t: (price / basePrice)^elasticity × the trend ramp, zero once discontinued. Expected
 * units of the product on day t are proportional to it, which is what makes the planted elasticity exact.
 */
export function demandMultiplier(model: ProductModel, t: number, days: number): number {
  if (model.discontinuedDay !== null && t >= model.discontinuedDay) return 0;
  let m = Math.pow(priceOnDay(model, t) / model.basePrice, model.elasticity);
  if (model.trend && t >= model.trend.startDay) {
    m *= 1 + ((model.trend.gain - 1) * (t - model.trend.startDay + 1)) / (days - model.trend.startDay);
  }
  return m;
}
