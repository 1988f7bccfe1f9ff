import { Authorized, Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { RecommendationResult, ScoredProductRecord } from '../../domain/recommendations/serving/recommendation.service';
import { explanationText } from '../../domain/recommendations/serving/explanations';
import { CAN } from '../auth/policy';
import type { ApiContext } from '../context';
import { Product, toProduct } from '../types/product.types';
import { Recommendation, RecommendationFilter, RecommendationList, ScoredProduct } from '../types/recommendation.types';
import { User } from '../types/user.types';

function toList(result: RecommendationResult): RecommendationList {
  return {
    items: result.items.map((item) => ({ productId: item.productId, record: item.product, score: item.score, reason: item.explanation })),
    modelId: result.modelId,
    source: result.source,
    fallback: result.source.startsWith('fallback:'),
  };
}

export function toScored(rows: ScoredProductRecord[]): ScoredProduct[] {
  return rows.map((r) => ({ productId: r.productId, record: r.product, score: r.score }));
}

async function productOf(ctx: ApiContext, id: string): Promise<Product> {
  const record = await ctx.loaders.productById.load(id);
  if (!record) throw new Error(`product ${id} vanished while the list was built`);
  return toProduct(record);
}

/** Recommendations, similar and trending products. */
@Resolver(() => RecommendationList)
export class RecommendationResolver {
  @Authorized(...CAN.recommend)
  @Query(() => RecommendationList, {
    description:
      'Products for a user, ranked by the best active model from their live history, with filters applied inside the ' +
      'ranking; users no model can place (new, unknown) get the fallback chain. `first` is 1..100.',
  })
  async recommendations(
    @Ctx() ctx: ApiContext,
    @Arg('userId', () => ID) userId: string,
    @Arg('first', () => Int, { defaultValue: 10 }) first: number,
    @Arg('filter', () => RecommendationFilter, { nullable: true }) filter?: RecommendationFilter | null,
    @Arg('modelId', () => ID, { nullable: true, description: 'A READY model version to rank with instead of the default.' })
    modelId?: string | null,
  ): Promise<RecommendationList> {
    return toList(await ctx.services.recommendations.recommend(ctx, { userId, first, filter, modelId }));
  }

  @Authorized(...CAN.recommend)
  @Query(() => [ScoredProduct], { description: 'Products like this one (item-item model neighbours, then its category).' })
  async similarProducts(
    @Ctx() ctx: ApiContext,
    @Arg('productId', () => ID) productId: string,
    @Arg('first', () => Int, { defaultValue: 10 }) first: number,
  ): Promise<ScoredProduct[]> {
    return toScored(await ctx.services.recommendations.similar(ctx, productId, first));
  }

  @Authorized(...CAN.recommend)
  @Query(() => [ScoredProduct], {
    description: 'Time-decayed popularity over the last `window` days (1..365) up to the newest event, optionally in a category subtree.',
  })
  async trendingProducts(
    @Ctx() ctx: ApiContext,
    @Arg('first', () => Int, { defaultValue: 10 }) first: number,
    @Arg('categoryId', () => ID, { nullable: true }) categoryId?: string | null,
    @Arg('window', () => Int, { defaultValue: 7 }) window?: number,
  ): Promise<ScoredProduct[]> {
    return toScored(await ctx.services.recommendations.trendingProducts(ctx, { first, categoryId, window }));
  }
}

/** The product and explanation edges of a recommendation, batched through the request's product loader. */
@Resolver(() => Recommendation)
export class RecommendationFieldsResolver {
  @FieldResolver(() => Product, { description: 'The product as served (catalogue snapshot of at most a few seconds ago).' })
  product(@Root() item: Recommendation): Product {
    return toProduct(item.record);
  }

  @FieldResolver(() => [Product], {
    nullable: true,
    description: 'Up to three products of the user history that contributed most; null when a fallback chose the item.',
  })
  async because(@Root() item: Recommendation, @Ctx() ctx: ApiContext): Promise<Product[] | null> {
    if (item.reason.kind !== 'history') return item.reason.kind === 'model' ? [] : null;
    return Promise.all(item.reason.because.map((id) => productOf(ctx, id)));
  }

  @FieldResolver(() => String, { nullable: true, description: 'A short sentence a shop can show next to the product.' })
  async explanation(@Root() item: Recommendation, @Ctx() ctx: ApiContext): Promise<string> {
    const ids = item.reason.kind === 'history' ? item.reason.because : [];
    const products = await Promise.all(ids.map((id) => ctx.loaders.productById.load(id)));
    return explanationText(item.reason, products.map((p) => p?.name ?? 'a product'));
  }
}

@Resolver(() => ScoredProduct)
export class ScoredProductResolver {
  @FieldResolver(() => Product)
  product(@Root() item: ScoredProduct): Product {
    return toProduct(item.record);
  }
}

/** `User.recommendations`: the same list as the root query, for the parent user. */
@Resolver(() => User)
export class UserRecommendationsResolver {
  @FieldResolver(() => RecommendationList)
  async recommendations(
    @Root() user: User,
    @Ctx() ctx: ApiContext,
    @Arg('first', () => Int, { defaultValue: 10 }) first: number,
    @Arg('filter', () => RecommendationFilter, { nullable: true }) filter?: RecommendationFilter | null,
  ): Promise<RecommendationList> {
    return toList(await ctx.services.recommendations.recommend(ctx, { userId: user.id, first, filter }));
  }
}

/** `Product.similar`. */
@Resolver(() => Product)
export class ProductRecommendationsResolver {
  @FieldResolver(() => [ScoredProduct])
  async similar(
    @Root() product: Product,
    @Ctx() ctx: ApiContext,
    @Arg('first', () => Int, { defaultValue: 10 }) first: number,
  ): Promise<ScoredProduct[]> {
    return toScored(await ctx.services.recommendations.similar(ctx, product.id, first));
  }

  @FieldResolver(() => [ScoredProduct], {
    description: 'Products bought in the same orders, ranked by lift (co-purchase over chance) with at least 3 shared orders.',
  })
  async boughtTogether(
    @Root() product: Product,
    @Ctx() ctx: ApiContext,
    @Arg('first', () => Int, { defaultValue: 10 }) first: number,
  ): Promise<ScoredProduct[]> {
    return toScored(await ctx.services.recommendations.boughtTogether(ctx, product.id, first));
  }
}
