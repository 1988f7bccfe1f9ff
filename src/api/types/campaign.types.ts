import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { AudienceMemberRecord, CampaignRecord } from '../../domain/campaigns/campaign.records';
import { Connection } from './connection.types';

@InputType({ description: 'Who to target and with what: segments, a minimum propensity, exclusions, a cap and the offer products.' })
export class CampaignInput {
  @Field()
  name!: string;

  @Field(() => [ID], { nullable: true, description: 'Members of any of these segments; every profiled customer when empty.' })
  segmentIds?: string[] | null;

  @Field(() => Float, { nullable: true, description: 'Only customers with propensity >= this (0..1); unknown propensity never passes.' })
  minPropensity?: number | null;

  @Field(() => Int, { nullable: true, description: 'Skip customers with an order in the last N days of the shop clock.' })
  excludeBoughtWithinDays?: number | null;

  @Field(() => [ID], { nullable: true, description: 'Users never to target.' })
  excludeUserIds?: string[] | null;

  @Field(() => Int, { nullable: true, defaultValue: 10_000, description: 'The largest audience (1..100,000, default 10,000).' })
  maxAudience?: number | null;

  @Field(() => [ID], { nullable: true, description: 'The offer: each member gets the best of these for them (active products).' })
  productIds?: string[] | null;
}

/** One member of an audience; `user` and `offer` resolve through the request loaders. */
@ObjectType({ description: 'A targeted customer, their rank by expected value, and their next-best offer.' })
export class CampaignMember {
  userId!: string;
  offerProductId!: string | null;

  @Field(() => Int, { description: '1 = highest expected value.' })
  rank!: number;

  @Field(() => Float, { description: 'propensity × CLV; else propensity × offer margin; else CLV; else 0.' })
  expectedValue!: number;

  @Field(() => Float, { nullable: true })
  propensity!: number | null;

  @Field(() => Float, { nullable: true })
  clv!: number | null;

  @Field(() => Float, { nullable: true, description: "The recommender's score for the offer (comparable within one source only)." })
  offerScore!: number | null;

  @Field(() => String, { nullable: true, description: 'Which source chose the offer: a model kind or fallback:…' })
  offerSource!: string | null;
}

@ObjectType()
export class CampaignMemberConnection extends Connection(CampaignMember, 'CampaignMember') {}

/** A campaign: its rules and its materialised audience. */
@ObjectType({ description: 'A targeted campaign; its audience was materialised when it was created.' })
export class Campaign {
  offerProductIds!: string[];

  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  createdAt!: Date;

  @Field(() => [ID])
  segmentIds!: string[];

  @Field(() => Float, { nullable: true })
  minPropensity!: number | null;

  @Field(() => Int, { nullable: true })
  excludeBoughtWithinDays!: number | null;

  @Field(() => [ID])
  excludeUserIds!: string[];

  @Field(() => Int)
  maxAudience!: number;

  @Field(() => Int, { description: 'Members in the audience.' })
  audienceSize!: number;

  @Field({ description: 'How expectedValue was computed.' })
  ranking!: string;
}

@ObjectType()
export class CampaignConnection extends Connection(Campaign, 'Campaign') {}

export function toCampaign(r: CampaignRecord): Campaign {
  return {
    id: r.id, name: r.name, createdAt: r.createdAt, segmentIds: r.segmentIds, minPropensity: r.minPropensity,
    excludeBoughtWithinDays: r.excludeBoughtWithinDays, excludeUserIds: r.excludeUserIds, maxAudience: r.maxAudience,
    audienceSize: r.audienceSize, ranking: r.ranking, offerProductIds: r.offerProductIds,
  };
}

export function toCampaignMember(r: AudienceMemberRecord): CampaignMember {
  return {
    userId: r.userId, offerProductId: r.offerProductId, rank: r.rank, expectedValue: r.expectedValue,
    propensity: r.propensity, clv: r.clv, offerScore: r.offerScore, offerSource: r.offerSource,
  };
}
