import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/policy';
import type { ApiContext } from '../context';
import { PriceConstraints, PriceRecommendation, toPriceRecommendation } from '../types/pricing.types';
import { Product } from '../types/product.types';

/** Price recommendations: the top-level query and the Product field. */
@Resolver(() => Product)
export class ProductPricingResolver {
  @Authorized(...CAN.readAnalytics)
  @Query(() => PriceRecommendation, {
    description: 'The recommended price of a product under the constraints, with its elasticity and demand curve.',
  })
  async priceRecommendation(
    @Ctx() ctx: ApiContext,
    @Arg('productId', () => ID) productId: string,
    @Arg('constraints', () => PriceConstraints, { nullable: true }) constraints?: PriceConstraints | null,
  ): Promise<PriceRecommendation> {
    return toPriceRecommendation(await ctx.services.pricing.recommend(ctx, productId, constraints));
  }

  @Authorized(...CAN.readAnalytics)
  @FieldResolver(() => PriceRecommendation, { name: 'priceRecommendation', nullable: true })
  async productPriceRecommendation(
    @Root() product: Product,
    @Ctx() ctx: ApiContext,
    @Arg('constraints', () => PriceConstraints, { nullable: true }) constraints?: PriceConstraints | null,
  ): Promise<PriceRecommendation> {
    return toPriceRecommendation(await ctx.services.pricing.recommend(ctx, product.id, constraints));
  }
}
