import { BadUserInputError } from '../common/errors';

/** What a caller may demand of a recommended price; every field optional. */
export interface PriceConstraintsInput {
  minPrice?: number | null;
  maxPrice?: number | null;
  /** Largest move from the current price, in percent of it. */
  maxChangePct?: number | null;
  /** Smallest margin (price − cost) / price, in percent; needs the product's cost. */
  minMarginPct?: number | null;
}

/** When the caller bounds neither side, the search stays this close to the current price (in percent). */
export const DEFAULT_MAX_CHANGE_PCT = 25;

/** One side of the feasible interval and the constraint that set it. */
export interface Bound {
  value: number;
  source: 'minPrice' | 'maxPrice' | 'maxChangePct' | 'minMarginPct' | 'default';
}

export interface PriceBounds {
  lower: Bound;
  upper: Bound;
}

function check(value: number | null | undefined, field: string, min: number, max: number, openMin = false): number | null {
  if (value === null || value === undefined) return null;
  const ok = Number.isFinite(value) && (openMin ? value > min : value >= min) && value <= max;
  if (!ok) throw new BadUserInputError(`constraints.${field}`, `must be a number ${openMin ? '>' : '≥'} ${min} and ≤ ${max}`);
  return value;
}

const money = (x: number) => x.toFixed(2);

/**
 * The interval of prices every constraint allows. A side no constraint bounds stays within
 * DEFAULT_MAX_CHANGE_PCT of the current price (the demand curve is not trusted far from observed prices).
 * Contradictory constraints are BAD_USER_INPUT naming the two that collide.
 */
export function priceBounds(input: PriceConstraintsInput | null | undefined, currentPrice: number, cost: number | null): PriceBounds {
  const c = input ?? {};
  const minPrice = check(c.minPrice, 'minPrice', 0, 1e12, true);
  const maxPrice = check(c.maxPrice, 'maxPrice', 0, 1e12, true);
  const maxChangePct = check(c.maxChangePct, 'maxChangePct', 0, 1000);
  const minMarginPct = check(c.minMarginPct, 'minMarginPct', 0, 99.99);
  if (minMarginPct !== null && (cost === null || cost <= 0)) {
    throw new BadUserInputError('constraints.minMarginPct', 'needs the product cost, which is unknown');
  }
  const lowers: Bound[] = [];
  const uppers: Bound[] = [];
  if (minPrice !== null) lowers.push({ value: minPrice, source: 'minPrice' });
  if (maxPrice !== null) uppers.push({ value: maxPrice, source: 'maxPrice' });
  if (maxChangePct !== null) {
    lowers.push({ value: Math.max(0.01, currentPrice * (1 - maxChangePct / 100)), source: 'maxChangePct' });
    uppers.push({ value: currentPrice * (1 + maxChangePct / 100), source: 'maxChangePct' });
  } else {
    // A default never contradicts what the caller asked for: it yields to an explicit bound on the other side.
    const span = DEFAULT_MAX_CHANGE_PCT / 100;
    if (minPrice === null) lowers.push({ value: Math.min(currentPrice * (1 - span), maxPrice ?? Infinity), source: 'default' });
    if (maxPrice === null) uppers.push({ value: Math.max(currentPrice * (1 + span), minPrice ?? 0), source: 'default' });
  }
  if (minMarginPct !== null) lowers.push({ value: cost! / (1 - minMarginPct / 100), source: 'minMarginPct' });
  const lower = lowers.reduce((a, b) => (b.value > a.value ? b : a));
  const upper = uppers.reduce((a, b) => (b.value < a.value ? b : a));
  if (lower.value > upper.value) {
    throw new BadUserInputError(
      `constraints.${lower.source}`,
      `constraints cannot all hold: ${lower.source} needs a price ≥ ${money(lower.value)} but ${upper.source} allows at most ${money(upper.value)}`,
    );
  }
  return { lower, upper };
}
