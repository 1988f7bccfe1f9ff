import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import type { ProductRecord } from '../../domain/catalog/catalog.records';
import type { Explanation } from '../../domain/recommendations/serving/explanations';

/** Business rules for a recommendation list; applied inside the ranking, so the list stays full when it can. */
@InputType({ description: 'Business rules applied inside the ranking: a list is never shorter than `first` while enough eligible products exist.' })
export class RecommendationFilter {
  @Field(() => [ID], { nullable: true, description: 'Products never to return.' })
  excludeProductIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only products in these categories (each with its subcategories).' })
  categoryIds?: string[] | null;

  @Field(() => Float, { nullable: true })
  minPrice?: number | null;

  @Field(() => Float, { nullable: true })
  maxPrice?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Only products with stock > 0 or unknown stock.' })
  inStockOnly?: boolean | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'Skip what the user bought (default true).' })
  excludePurchased?: boolean | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Skip everything the user interacted with (default false).' })
  excludeSeen?: boolean | null;

  @Field(() => [ID], { nullable: true, description: 'Only these products (e.g. a campaign offer); other products are never returned.' })
  productIds?: string[] | null;
}

/** One recommended product; `product`, `because` and `explanation` resolve through the request's loaders. */
@ObjectType({ description: 'A recommended product with its score and why it was chosen.' })
export class Recommendation {
  productId!: string;
  record!: ProductRecord;
  reason!: Explanation;

  @Field(() => Float, { description: 'The ranking score of the source (comparable within one list only).' })
  score!: number;
}

@ObjectType({ description: 'A ranked list and what produced it.' })
export class RecommendationList {
  @Field(() => [Recommendation])
  items!: Recommendation[];

  @Field(() => ID, { nullable: true, description: 'The model version that ranked the list; null when a fallback answered.' })
  modelId!: string | null;

  @Field(() => String, {
    description:
      'Which source answered first: a model kind (EASE, ALS, ITEM_KNN, BPR, POPULARITY) or a fallback ' +
      '(fallback:trending-country, fallback:trending-category, fallback:trending, fallback:popularity).',
  })
  source!: string;

  @Field(() => Boolean, { description: 'True when no model could rank for this user and the fallback chain answered.' })
  fallback!: boolean;
}

/** A product with a score (similar, bought together, trending). */
@ObjectType({ description: 'A product with a score; higher is more relevant (comparable within one list only).' })
export class ScoredProduct {
  productId!: string;
  record!: ProductRecord;

  @Field(() => Float)
  score!: number;
}
