import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/policy';
import type { ApiContext } from '../context';
import { Forecast, ForecastInterval, toForecast } from '../types/forecast.types';
import { Product } from '../types/product.types';

/** Demand forecasts: a product, a category subtree, or the whole shop (neither id). */
@Resolver(() => Forecast)
export class ForecastResolver {
  @Authorized(...CAN.readAnalytics)
  @Query(() => Forecast, {
    description:
      'Units expected per period for a product, a category (with subcategories) or, with neither id, the whole shop. ' +
      'horizon: 1..365 days or 1..104 weeks; levels: interval coverages in percent (default 80 and 95).',
  })
  async forecast(
    @Ctx() ctx: ApiContext,
    @Arg('horizon', () => Int) horizon: number,
    @Arg('productId', () => ID, { nullable: true }) productId?: string | null,
    @Arg('categoryId', () => ID, { nullable: true }) categoryId?: string | null,
    @Arg('interval', () => ForecastInterval, { defaultValue: ForecastInterval.DAY }) interval?: ForecastInterval,
    @Arg('levels', () => [Int], { nullable: true }) levels?: number[] | null,
  ): Promise<Forecast> {
    return toForecast(await ctx.services.forecasts.forecast(ctx, { productId, categoryId, horizon, interval, levels }));
  }
}

@Resolver(() => Product)
export class ProductForecastResolver {
  @Authorized(...CAN.readAnalytics)
  @FieldResolver(() => Forecast, { nullable: true, description: "This product's demand forecast (see Query.forecast)." })
  async forecast(
    @Root() product: Product,
    @Ctx() ctx: ApiContext,
    @Arg('horizon', () => Int) horizon: number,
    @Arg('interval', () => ForecastInterval, { defaultValue: ForecastInterval.DAY }) interval?: ForecastInterval,
    @Arg('levels', () => [Int], { nullable: true, defaultValue: [80, 95] }) levels?: number[] | null,
  ): Promise<Forecast> {
    return toForecast(await ctx.services.forecasts.forecast(ctx, { productId: product.id, horizon, interval, levels }));
  }
}
