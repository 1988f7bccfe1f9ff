import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/policy';
import type { ApiContext } from '../context';
import { ConnectionArgs, ConnectionShape, toConnection } from '../types/connection.types';
import { Job, toJob } from '../types/job.types';
import {
  CustomerProfile, Segment, SegmentInput, SegmentMembership, toCustomerProfile, toMembership, toSegment,
} from '../types/segment.types';
import { toUser, User, UserConnection } from '../types/user.types';

/**
 * Segments and customer profiles. Segment lists are analytics, members and profiles personal data: both are
 * ANALYST (and ADMIN) only. Defining segments and refreshing them writes derived data only, so ANALYST may too.
 */
@Resolver(() => Segment)
export class SegmentResolver {
  @Authorized(...CAN.readAnalytics)
  @Query(() => [Segment], { description: 'Every segment (RFM, clusters, custom) with its size and value.' })
  async segments(@Ctx() ctx: ApiContext): Promise<Segment[]> {
    return (await ctx.services.segments.list(ctx)).map(toSegment);
  }

  @Authorized(...CAN.readAnalytics)
  @Query(() => Segment, { nullable: true })
  async segment(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<Segment | null> {
    const record = await ctx.services.segments.get(ctx, id);
    return record && toSegment(record);
  }

  @Authorized(...CAN.readPersonal)
  @Query(() => CustomerProfile, { nullable: true, description: 'RFM and CLV of a user; null before the first refreshSegments.' })
  async customerProfile(@Ctx() ctx: ApiContext, @Arg('userId', () => ID) userId: string): Promise<CustomerProfile | null> {
    const record = await ctx.services.segments.profile(ctx, userId);
    return record && toCustomerProfile(record);
  }

  @FieldResolver(() => UserConnection, { description: 'Members at the last refresh, by user id.' })
  async members(@Root() segment: Segment, @Ctx() ctx: ApiContext, @Args() args: ConnectionArgs): Promise<ConnectionShape<User>> {
    return toConnection(await ctx.loaders.segmentMembers(segment.id, args), toUser);
  }

  @Authorized(...CAN.manageSegments)
  @Mutation(() => Job, {
    description: 'Recomputes every profile (RFM, CLV) and the RFM and custom segments; returns the job at once.',
  })
  async refreshSegments(@Ctx() ctx: ApiContext): Promise<Job> {
    return toJob(await ctx.services.segments.refresh(ctx));
  }

  @Authorized(...CAN.manageSegments)
  @Mutation(() => Segment, { description: 'Defines a CUSTOM segment by a filter rule; members are computed at once when profiles exist.' })
  async createSegment(@Ctx() ctx: ApiContext, @Arg('input', () => SegmentInput) input: SegmentInput): Promise<Segment> {
    return toSegment(await ctx.services.segments.create(ctx, input));
  }

  @Authorized(...CAN.manageSegments)
  @Mutation(() => Boolean, { description: 'Deletes a CUSTOM or CLUSTER segment and its memberships.' })
  async deleteSegment(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return ctx.services.segments.delete(ctx, id);
  }
}

/** `User.segments` and `User.profile`, batched per request. */
@Resolver(() => User)
export class UserSegmentsResolver {
  @FieldResolver(() => [SegmentMembership], { description: 'The segments the user is in, and since when.' })
  async segments(@Root() user: User, @Ctx() ctx: ApiContext): Promise<SegmentMembership[]> {
    return (await ctx.loaders.userSegments.load(user.id)).map(toMembership);
  }

  @FieldResolver(() => CustomerProfile, { nullable: true, description: 'RFM, CLV and propensity; null before the first refresh.' })
  async profile(@Root() user: User, @Ctx() ctx: ApiContext): Promise<CustomerProfile | null> {
    const record = await ctx.loaders.userProfile.load(user.id);
    return record && toCustomerProfile(record);
  }
}
