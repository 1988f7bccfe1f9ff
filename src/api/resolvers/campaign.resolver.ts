import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../domain/common/errors';
import { CAN } from '../auth/policy';
import type { ApiContext } from '../context';
import {
  Campaign, CampaignConnection, CampaignInput, CampaignMember, CampaignMemberConnection, toCampaign, toCampaignMember,
} from '../types/campaign.types';
import { ConnectionArgs, ConnectionShape, toConnection } from '../types/connection.types';
import { Product, toProduct } from '../types/product.types';
import { toUser, User } from '../types/user.types';

/**
 * Campaigns. Audiences are personal data, so reads are ANALYST (and ADMIN); creating one writes derived data
 * only, so ANALYST may, as with segments.
 */
@Resolver(() => Campaign)
export class CampaignResolver {
  @Authorized(...CAN.readPersonal)
  @Query(() => CampaignConnection, { description: 'Campaigns, newest first.' })
  async campaigns(@Ctx() ctx: ApiContext, @Args() args: ConnectionArgs): Promise<ConnectionShape<Campaign>> {
    return toConnection(await ctx.services.campaigns.list(ctx, args), toCampaign);
  }

  @Authorized(...CAN.readPersonal)
  @Query(() => Campaign, { nullable: true })
  async campaign(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<Campaign | null> {
    const record = await ctx.services.campaigns.get(ctx, id);
    return record && toCampaign(record);
  }

  @Authorized(...CAN.manageSegments)
  @Mutation(() => Campaign, {
    description: 'Selects, ranks (expected value) and stores an audience with a next-best offer per member. An empty segment gives an empty audience.',
  })
  async createCampaign(@Ctx() ctx: ApiContext, @Arg('input', () => CampaignInput) input: CampaignInput): Promise<Campaign> {
    return toCampaign(await ctx.services.campaigns.create(ctx, input));
  }

  @FieldResolver(() => [Product], { description: 'The offer products (deleted ones are left out).' })
  async offerProducts(@Root() campaign: Campaign, @Ctx() ctx: ApiContext): Promise<Product[]> {
    const records = await ctx.loaders.productById.loadMany(campaign.offerProductIds);
    return records.flatMap((r) => (r && !(r instanceof Error) ? [toProduct(r)] : []));
  }

  @FieldResolver(() => CampaignMemberConnection, { description: 'The audience in rank order.' })
  async audience(@Root() campaign: Campaign, @Ctx() ctx: ApiContext, @Args() args: ConnectionArgs): Promise<ConnectionShape<CampaignMember>> {
    const request = ctx.services.campaigns.audiencePageRequest(args);
    return toConnection(await ctx.services.campaigns.audience(ctx, campaign.id, request), toCampaignMember);
  }
}

/** `CampaignMember.user` and `.offer`, batched per request. */
@Resolver(() => CampaignMember)
export class CampaignMemberResolver {
  @FieldResolver(() => User)
  async user(@Root() member: CampaignMember, @Ctx() ctx: ApiContext): Promise<User> {
    const record = await ctx.loaders.userById.load(member.userId);
    if (!record) throw new NotFoundError(`user ${member.userId} does not exist`);
    return toUser(record);
  }

  @FieldResolver(() => Product, { nullable: true, description: 'The next-best offer; null when the member bought every offer product.' })
  async offer(@Root() member: CampaignMember, @Ctx() ctx: ApiContext): Promise<Product | null> {
    if (!member.offerProductId) return null;
    const record = await ctx.loaders.productById.load(member.offerProductId);
    return record && toProduct(record);
  }
}
