import { Authorized, Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/policy';
import type { ApiContext } from '../context';
import { ConnectionArgs, ConnectionShape, toConnection } from '../types/connection.types';
import { Category, CategoryInput, Product, ProductConnection, toCategory, toProduct } from '../types/product.types';
import { UpsertResult } from '../types/upsert.types';

/** Categories: the whole tree, the parent edge, each subtree's products, and the upsert mutation. */
@Resolver(() => Category)
export class CategoryResolver {
  @Authorized(...CAN.readCatalog)
  @Query(() => [Category], { description: 'Every category (roots and children), ordered by id.' })
  async categories(@Ctx() ctx: ApiContext): Promise<Category[]> {
    const records = await ctx.services.categories.all(ctx);
    for (const record of records) ctx.loaders.categoryById.prime(record.id, record);
    return records.map(toCategory);
  }

  @FieldResolver(() => Category, { nullable: true })
  async parent(@Root() category: Category, @Ctx() ctx: ApiContext): Promise<Category | null> {
    if (category.parentId === null) return null;
    const record = await ctx.loaders.categoryById.load(category.parentId);
    return record && toCategory(record);
  }

  @FieldResolver(() => ProductConnection, { description: 'Products of this category and its descendants, by id.' })
  async products(
    @Root() category: Category,
    @Ctx() ctx: ApiContext,
    @Args() args: ConnectionArgs,
  ): Promise<ConnectionShape<Product>> {
    return toConnection(await ctx.loaders.categoryProducts(category.id, args), toProduct);
  }

  @Authorized(...CAN.ingest)
  @Mutation(() => UpsertResult, {
    description: 'Creates or updates categories by externalId; parents may reference rows of the same batch.',
  })
  upsertCategories(
    @Ctx() ctx: ApiContext,
    @Arg('input', () => [CategoryInput]) input: CategoryInput[],
  ): Promise<UpsertResult> {
    return ctx.services.categoryIngest.upsert(ctx, input);
  }
}
