import { Field, Float, InputType, ObjectType } from 'type-graphql';
import type { PriceRecommendationResult } from '../../domain/pricing';

@InputType({ description: 'What a recommended price must satisfy; every field optional.' })
export class PriceConstraints {
  @Field(() => Float, { nullable: true })
  minPrice?: number | null;

  @Field(() => Float, { nullable: true })
  maxPrice?: number | null;

  @Field(() => Float, { nullable: true, description: 'Largest move from the current price, in percent of it.' })
  maxChangePct?: number | null;

  @Field(() => Float, { nullable: true, description: 'Smallest margin (price − cost) / price in percent; needs the cost.' })
  minMarginPct?: number | null;
}

@ObjectType({ description: 'A point of the demand curve; quantities, revenue and profit are per week.' })
export class PricePoint {
  @Field(() => Float)
  price!: number;

  @Field(() => Float)
  expectedQuantity!: number;

  @Field(() => Float)
  expectedRevenue!: number;

  @Field(() => Float, { nullable: true, description: 'Null when the product cost is unknown.' })
  expectedProfit!: number | null;
}

@ObjectType({ description: 'The profit-maximising price (revenue-maximising without a cost) under the constraints.' })
export class PriceRecommendation {
  @Field(() => Float)
  currentPrice!: number;

  @Field(() => Float)
  recommendedPrice!: number;

  @Field(() => Float, { nullable: true, description: '% change in units per 1 % change in price.' })
  elasticity!: number | null;

  @Field(() => [Float], { nullable: true, description: '95 % interval of the elasticity: [low, high].' })
  elasticityInterval!: number[] | null;

  @Field(() => Float, { nullable: true, description: 'Expected revenue change per week at the recommended price.' })
  expectedRevenueChange!: number | null;

  @Field(() => Float, { nullable: true, description: 'Expected profit change per week; null when the cost is unknown.' })
  expectedProfitChange!: number | null;

  @Field(() => [PricePoint])
  curve!: PricePoint[];

  @Field()
  reason!: string;
}

export function toPriceRecommendation(r: PriceRecommendationResult): PriceRecommendation {
  return {
    currentPrice: r.currentPrice,
    recommendedPrice: r.recommendedPrice,
    elasticity: r.elasticity,
    elasticityInterval: r.elasticityInterval,
    expectedRevenueChange: r.expectedRevenueChange,
    expectedProfitChange: r.expectedProfitChange,
    curve: r.curve,
    reason: r.reason,
  };
}
