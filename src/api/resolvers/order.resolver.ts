import { Authorized, Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../domain/common/errors';
import { CAN } from '../auth/policy';
import type { ApiContext } from '../context';
import { Order, OrderInput, OrderLine, toOrderLine } from '../types/order.types';
import { Product, toProduct } from '../types/product.types';
import { UpsertResult } from '../types/upsert.types';
import { toUser, User } from '../types/user.types';

/** Orders: the recordOrders mutation and the user and lines edges. */
@Resolver(() => Order)
export class OrderResolver {
  @Authorized(...CAN.ingest)
  @Mutation(() => UpsertResult, {
    description:
      'Records orders idempotently by externalId (a replay replaces the order and its lines) and the PURCHASE/RETURN ' +
      'events they imply. Transactional, max 10,000 orders.',
  })
  recordOrders(
    @Ctx() ctx: ApiContext,
    @Arg('input', () => [OrderInput]) input: OrderInput[],
    @Arg('createMissing', () => Boolean, { nullable: true, defaultValue: false }) createMissing: boolean | null,
  ): Promise<UpsertResult> {
    return ctx.services.orderIngest.record(ctx, input, createMissing ?? false);
  }

  @FieldResolver(() => User, { nullable: true })
  async user(@Root() order: Order, @Ctx() ctx: ApiContext): Promise<User | null> {
    if (order.userId === null) return null;
    const record = await ctx.loaders.userById.load(order.userId);
    return record && toUser(record);
  }

  @FieldResolver(() => [OrderLine])
  async lines(@Root() order: Order, @Ctx() ctx: ApiContext): Promise<OrderLine[]> {
    return (await ctx.loaders.orderLines.load(order.id)).map(toOrderLine);
  }
}

/** The product edge of order lines. */
@Resolver(() => OrderLine)
export class OrderLineResolver {
  @FieldResolver(() => Product)
  async product(@Root() line: OrderLine, @Ctx() ctx: ApiContext): Promise<Product> {
    const record = await ctx.loaders.productById.load(line.productId);
    if (!record) throw new NotFoundError(`product ${line.productId} no longer exists`);
    return toProduct(record);
  }
}
