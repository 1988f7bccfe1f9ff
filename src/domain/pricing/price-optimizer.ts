import { priceBounds, type PriceBounds, type PriceConstraintsInput } from './price-constraints';
import { explainRecommendation } from './recommendation-reason';

/** The constant-elasticity demand model the optimiser works on: q(p) = quantity × (p / price)^elasticity. */
export interface DemandModel {
  /** Current price and the expected units per week at it. */
  price: number;
  quantity: number;
  elasticity: number;
  elasticityInterval: [number, number] | null;
  /** Unit cost; null maximises revenue instead of profit. */
  cost: number | null;
}

export interface PricePoint {
  price: number;
  expectedQuantity: number;
  expectedRevenue: number;
  /** Null when the cost is unknown. */
  expectedProfit: number | null;
}

export interface PriceRecommendationResult {
  currentPrice: number;
  recommendedPrice: number;
  elasticity: number;
  elasticityInterval: [number, number] | null;
  expectedRevenueChange: number;
  expectedProfitChange: number | null;
  curve: PricePoint[];
  reason: string;
  bounds: PriceBounds;
  /** The unconstrained optimum (null when it does not exist: demand too inelastic, or revenue falling everywhere). */
  unconstrained: number | null;
}

/** Points of the returned demand curve (plus the current and the recommended price). */
export const CURVE_POINTS = 21;

export function pointAt(m: DemandModel, price: number): PricePoint {
  const q = m.quantity * Math.pow(price / m.price, m.elasticity);
  return { price, expectedQuantity: q, expectedRevenue: price * q, expectedProfit: m.cost === null ? null : (price - m.cost) * q };
}

/**
 * The unconstrained optimum. Profit (p − c)·q(p) has derivative ∝ p(1 + e) − c·e: with e < −1 it rises to
 * p* = c·e / (1 + e) and falls after; with e ≥ −1 it rises for ever. Revenue p·q(p) falls for e < −1 and rises
 * for e > −1. So the optimum over an interval is p* clamped, or the interval's upper or lower end.
 */
function optimum(m: DemandModel): { price: number | null; direction: 'up' | 'down' | 'flat' } {
  if (m.cost !== null) return m.elasticity < -1 ? { price: (m.cost * m.elasticity) / (1 + m.elasticity), direction: 'flat' } : { price: null, direction: 'up' };
  if (m.elasticity < -1) return { price: null, direction: 'down' };
  return m.elasticity > -1 ? { price: null, direction: 'up' } : { price: null, direction: 'flat' };
}

/** Rounds to cents when that stays inside the bounds. */
function toCents(price: number, b: PriceBounds): number {
  const cents = Math.round(price * 100) / 100;
  return cents >= b.lower.value && cents <= b.upper.value ? cents : price;
}

function curve(m: DemandModel, b: PriceBounds, extra: number[]): PricePoint[] {
  const step = (b.upper.value - b.lower.value) / (CURVE_POINTS - 1);
  const prices = Array.from({ length: CURVE_POINTS }, (_, i) => (i === CURVE_POINTS - 1 ? b.upper.value : b.lower.value + i * step));
  const all = [...new Set([...prices, ...extra])].sort((a, c) => a - c);
  return all.map((p) => pointAt(m, p));
}

/** The price that maximises profit (revenue without a cost) under the constraints, with its curve and reason. */
export function recommendPrice(m: DemandModel, constraints: PriceConstraintsInput | null | undefined): PriceRecommendationResult {
  const bounds = priceBounds(constraints, m.price, m.cost);
  const { price: best, direction } = optimum(m);
  const clamp = (p: number) => Math.min(bounds.upper.value, Math.max(bounds.lower.value, p));
  const target = best ?? (direction === 'up' ? bounds.upper.value : direction === 'down' ? bounds.lower.value : m.price);
  const recommendedPrice = toCents(clamp(target), bounds);
  const now = pointAt(m, m.price);
  const then = pointAt(m, recommendedPrice);
  const result = {
    currentPrice: m.price,
    recommendedPrice,
    elasticity: m.elasticity,
    elasticityInterval: m.elasticityInterval,
    expectedRevenueChange: then.expectedRevenue - now.expectedRevenue,
    expectedProfitChange: m.cost === null ? null : then.expectedProfit! - now.expectedProfit!,
    curve: curve(m, bounds, [m.price, recommendedPrice]),
    bounds,
    unconstrained: best,
  };
  return { ...result, reason: explainRecommendation(m, result) };
}
