/**
 * Pricing: per-product price elasticity (log-log Poisson regression with a category seasonal control, pooled
 * towards the category) and the constrained profit- or revenue-maximising price.
 */
export { PricingService } from './pricing.service';
export { DEFAULT_MAX_CHANGE_PCT, priceBounds, type PriceConstraintsInput } from './price-constraints';
export { CURVE_POINTS, pointAt, recommendPrice, type DemandModel, type PricePoint, type PriceRecommendationResult } from './price-optimizer';
export { estimateElasticities, type ProductElasticity, type ProductRef } from './pooled-elasticities';
export { evaluatePricingOnDemo, type PricingEvaluation } from './evaluation/pricing-evaluation';
