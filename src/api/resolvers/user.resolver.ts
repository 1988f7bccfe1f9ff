import { Authorized, Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/policy';
import type { ApiContext } from '../context';
import { ConnectionArgs, ConnectionShape, toConnection } from '../types/connection.types';
import { Event, EventConnection, toEvent, UserEventsArgs } from '../types/event.types';
import { Order, OrderConnection, toOrder } from '../types/order.types';
import { UpsertResult } from '../types/upsert.types';
import { toUser, User, UserConnection, UserInput, UsersArgs } from '../types/user.types';

/** Users: lookup, filtered list, their events and orders, and the upsert mutation. */
@Resolver(() => User)
export class UserResolver {
  @Authorized(...CAN.readPersonal)
  @Query(() => User, { nullable: true, description: 'A user by id or by externalId (exactly one); null if none.' })
  async user(
    @Ctx() ctx: ApiContext,
    @Arg('id', () => ID, { nullable: true }) id?: string | null,
    @Arg('externalId', () => String, { nullable: true }) externalId?: string | null,
  ): Promise<User | null> {
    const record = await ctx.services.users.find(ctx, { id, externalId });
    return record && toUser(record);
  }

  @Authorized(...CAN.readPersonal)
  @Query(() => UserConnection, { description: 'Customers, filtered and sorted, as a Relay connection.' })
  async users(@Ctx() ctx: ApiContext, @Args() args: UsersArgs): Promise<ConnectionShape<User>> {
    return toConnection(await ctx.services.users.list(ctx, args), toUser);
  }

  @FieldResolver(() => EventConnection, { description: 'Behavioural events, newest first.' })
  async events(
    @Root() user: User,
    @Ctx() ctx: ApiContext,
    @Args() args: UserEventsArgs,
  ): Promise<ConnectionShape<Event>> {
    return toConnection(await ctx.loaders.userEvents(user.id, args, args.type ?? null), toEvent);
  }

  @FieldResolver(() => OrderConnection, { description: 'Orders, newest first.' })
  async orders(
    @Root() user: User,
    @Ctx() ctx: ApiContext,
    @Args() args: ConnectionArgs,
  ): Promise<ConnectionShape<Order>> {
    return toConnection(await ctx.loaders.userOrders(user.id, args), toOrder);
  }

  @Authorized(...CAN.administer)
  @Mutation(() => Boolean, {
    description:
      'Erases a user: events and the user row (personal data) are deleted, orders kept without the user; ' +
      'recommendations forget them at once and models at their next training. Audited.',
  })
  async forgetUser(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    const result = await ctx.services.forgetUser.forget(ctx, id);
    await ctx.services.audit.record(ctx, ctx.principal, 'forgetUser', id, { ...result });
    return true;
  }

  @Authorized(...CAN.ingest)
  @Mutation(() => UpsertResult, {
    description: 'Creates or updates users by externalId; transactional, max 10,000 rows.',
  })
  upsertUsers(@Ctx() ctx: ApiContext, @Arg('input', () => [UserInput]) input: UserInput[]): Promise<UpsertResult> {
    return ctx.services.userIngest.upsert(ctx, input);
  }
}
