import { Authorized, Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../domain/common/errors';
import { CAN } from '../auth/policy';
import type { ApiContext } from '../context';
import { Event, EventInput, RecordEventsResult } from '../types/event.types';
import { Product, toProduct } from '../types/product.types';
import { toUser, User } from '../types/user.types';

/** Events: the recordEvents mutation and the user/product edges. */
@Resolver(() => Event)
export class EventResolver {
  @Authorized(...CAN.recordEvents)
  @Mutation(() => RecordEventsResult, {
    description:
      'Records behavioural events; eventId makes replays idempotent. Unknown users/products reject the batch ' +
      'unless createMissing is true (then placeholders are created). Transactional, max 10,000 rows.',
  })
  recordEvents(
    @Ctx() ctx: ApiContext,
    @Arg('input', () => [EventInput]) input: EventInput[],
    @Arg('createMissing', () => Boolean, { nullable: true, defaultValue: false }) createMissing: boolean | null,
  ): Promise<RecordEventsResult> {
    return ctx.services.eventIngest.record(ctx, input, createMissing ?? false);
  }

  @FieldResolver(() => User)
  async user(@Root() event: Event, @Ctx() ctx: ApiContext): Promise<User> {
    const record = await ctx.loaders.userById.load(event.userId);
    if (!record) throw new NotFoundError(`user ${event.userId} of event ${event.id} no longer exists`);
    return toUser(record);
  }

  @FieldResolver(() => Product)
  async product(@Root() event: Event, @Ctx() ctx: ApiContext): Promise<Product> {
    const record = await ctx.loaders.productById.load(event.productId);
    if (!record) throw new NotFoundError(`product ${event.productId} of event ${event.id} no longer exists`);
    return toProduct(record);
  }
}
