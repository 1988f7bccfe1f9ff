import type { Bound } from './price-constraints';
import type { DemandModel, PriceRecommendationResult } from './price-optimizer';

type Explained = Omit<PriceRecommendationResult, 'reason'>;

const money = (x: number) => x.toFixed(2);
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${money(Math.abs(x))}`;

const BOUND_TEXT: Record<Bound['source'], string> = {
  minPrice: 'the minimum price',
  maxPrice: 'the maximum price',
  maxChangePct: 'the maximum change',
  minMarginPct: 'the minimum margin',
  default: 'the default limit of ±25 % from the current price',
};

function demandSentence(m: DemandModel): string {
  const e = m.elasticity;
  const interval = m.elasticityInterval ? ` (95 % interval ${m.elasticityInterval[0].toFixed(2)} to ${m.elasticityInterval[1].toFixed(2)})` : '';
  const kind = e < -1 ? 'elastic' : 'inelastic';
  return `Demand is ${kind}: a 1 % higher price changes units sold by about ${e.toFixed(2)} %${interval}.`;
}

function targetSentence(m: DemandModel, r: Explained): string {
  const goal = m.cost === null ? 'revenue (the cost is unknown)' : `profit at a unit cost of ${money(m.cost)}`;
  if (r.unconstrained !== null) return `The price that maximises ${goal} is ${money(r.unconstrained)}.`;
  if (m.cost !== null) return `At this elasticity ${goal.split(' at')[0]} keeps rising with the price, so the highest allowed price wins.`;
  return m.elasticity < -1
    ? `At this elasticity revenue rises as the price falls, so the lowest allowed price wins.`
    : `At this elasticity revenue rises with the price, so the highest allowed price wins.`;
}

function boundSentence(r: Explained): string {
  const { lower, upper } = r.bounds;
  const at = (b: Bound) => Math.abs(r.recommendedPrice - b.value) < 0.005;
  if (at(lower) && (r.unconstrained === null || r.unconstrained < lower.value)) return ` It is held at ${money(lower.value)} by ${BOUND_TEXT[lower.source]}.`;
  if (at(upper) && (r.unconstrained === null || r.unconstrained > upper.value)) return ` It is held at ${money(upper.value)} by ${BOUND_TEXT[upper.source]}.`;
  return '';
}

/** A short plain-language account of the recommendation: demand, goal, the binding constraint, the effect. */
export function explainRecommendation(m: DemandModel, r: Explained): string {
  const move = r.recommendedPrice === r.currentPrice ? `Keep the price at ${money(r.currentPrice)}.` : `Change the price from ${money(r.currentPrice)} to ${money(r.recommendedPrice)}.`;
  const effect =
    ` Expected per week: revenue ${signed(r.expectedRevenueChange)}` +
    (r.expectedProfitChange === null ? '' : `, profit ${signed(r.expectedProfitChange)}`) + '.';
  return `${move} ${demandSentence(m)} ${targetSentence(m, r)}${boundSentence(r)}${effect}`;
}
