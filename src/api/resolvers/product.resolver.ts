import { Authorized, Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/policy';
import type { ApiContext } from '../context';
import { ConnectionShape, toConnection } from '../types/connection.types';
import {
  Category,
  Product,
  ProductConnection,
  ProductInput,
  ProductsArgs,
  toCategory,
  toProduct,
} from '../types/product.types';
import { UpsertResult } from '../types/upsert.types';

/** Products: lookup, filtered list, the category edge, and the upsert mutation. */
@Resolver(() => Product)
export class ProductResolver {
  @Authorized(...CAN.readCatalog)
  @Query(() => Product, {
    nullable: true,
    description: 'A product by id or by externalId (exactly one); null if none.',
  })
  async product(
    @Ctx() ctx: ApiContext,
    @Arg('id', () => ID, { nullable: true }) id?: string | null,
    @Arg('externalId', () => String, { nullable: true }) externalId?: string | null,
  ): Promise<Product | null> {
    const record = await ctx.services.products.find(ctx, { id, externalId });
    return record && toProduct(record);
  }

  @Authorized(...CAN.readCatalog)
  @Query(() => ProductConnection, { description: 'The catalogue, filtered and sorted, as a Relay connection.' })
  async products(@Ctx() ctx: ApiContext, @Args() args: ProductsArgs): Promise<ConnectionShape<Product>> {
    return toConnection(await ctx.services.products.list(ctx, args), toProduct);
  }

  @FieldResolver(() => Category, { nullable: true })
  async category(@Root() product: Product, @Ctx() ctx: ApiContext): Promise<Category | null> {
    if (product.categoryId === null) return null;
    const record = await ctx.loaders.categoryById.load(product.categoryId);
    return record && toCategory(record);
  }

  @Authorized(...CAN.ingest)
  @Mutation(() => UpsertResult, {
    description: 'Creates or updates products by externalId; transactional, max 10,000 rows.',
  })
  upsertProducts(
    @Ctx() ctx: ApiContext,
    @Arg('input', () => [ProductInput]) input: ProductInput[],
  ): Promise<UpsertResult> {
    return ctx.services.productIngest.upsert(ctx, input);
  }
}
