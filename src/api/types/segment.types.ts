import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { CustomerProfileRecord, MembershipRecord, SegmentKindName, SegmentRecord } from '../../domain/segments/segment.records';
import { SEGMENT_KINDS } from '../../domain/segments/segment.records';

export const SegmentKind = Object.fromEntries(SEGMENT_KINDS.map((k) => [k, k])) as { [K in SegmentKindName]: K };
export type SegmentKind = SegmentKindName;

registerEnumType(SegmentKind, {
  name: 'SegmentKind',
  description: 'RFM: one per named RFM segment; CLUSTER: behavioural clusters; CUSTOM: a rule written by a client.',
});

/** A group of customers with a membership snapshot refreshed by the REFRESH_SEGMENTS job. */
@ObjectType({ description: 'A group of customers; membership is a snapshot taken by refreshSegments.' })
export class Segment {
  @Field(() => ID)
  id!: string;

  @Field(() => SegmentKind)
  kind!: SegmentKind;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true, description: 'The filter rule of a CUSTOM segment, as written.' })
  rule!: string | null;

  @Field(() => Int, { description: 'Members at the last refresh.' })
  size!: number;

  @Field(() => Float, { nullable: true, description: "Members' net spend / all customers' net spend (0..1)." })
  revenueShare!: number | null;

  @Field(() => Float, { nullable: true, description: "Members' average 12-month CLV; null when CLV is unknown." })
  averageClv!: number | null;

  @Field(() => Date, { nullable: true, description: 'When membership was last computed; null before.' })
  refreshedAt!: Date | null;

  @Field()
  createdAt!: Date;
}

/** A user's membership of one segment. */
@ObjectType({ description: 'A segment a user belongs to, and since when (kept across refreshes while they stay).' })
export class SegmentMembership {
  @Field(() => Segment)
  segment!: Segment;

  @Field()
  since!: Date;
}

@ObjectType({ description: 'How much one input feature pushed a prediction up (positive) or down.' })
export class FeatureContribution {
  @Field()
  feature!: string;

  @Field(() => Float)
  contribution!: number;
}

/** RFM, CLV and propensity of one customer as of the last refresh; fields are null when not computable. */
@ObjectType({ description: 'RFM, CLV and propensity of a customer as of the last refresh; null fields were not computable.' })
export class CustomerProfile {
  @Field({ description: 'The reference date the profile was computed as of.' })
  asOf!: Date;

  @Field(() => Int, { nullable: true, description: 'Days since the last purchase; null without purchases.' })
  recency!: number | null;

  @Field(() => Int, { nullable: true, description: 'Distinct purchase orders.' })
  frequency!: number | null;

  @Field(() => Float, { nullable: true, description: 'Net spend (purchases minus returns and cancellations).' })
  monetary!: number | null;

  @Field(() => String, { nullable: true, description: 'R, F and M quintile scores, e.g. "545" (5 = best).' })
  rfmScore!: string | null;

  @Field(() => String, { nullable: true, description: 'Named RFM segment, e.g. "Champions".' })
  rfmSegment!: string | null;

  @Field(() => Float, { nullable: true, description: 'BG/NBD expected purchases in the next 90 days.' })
  expectedPurchases90d!: number | null;

  @Field(() => Float, { nullable: true, description: 'BG/NBD probability the customer is still active.' })
  probabilityAlive!: number | null;

  @Field(() => Float, { nullable: true, description: '12-month CLV (BG/NBD × Gamma-Gamma, 1 % monthly discount).' })
  clv!: number | null;

  @Field(() => Float, { nullable: true, description: 'Probability of a purchase in the next 30 days (propensity model).' })
  propensity!: number | null;

  @Field(() => [FeatureContribution], { nullable: true })
  propensityDrivers!: FeatureContribution[] | null;

  @Field()
  updatedAt!: Date;
}

@InputType({ description: 'A CUSTOM segment: a name and a filter rule (see docs/segments-rfm-clv.md).' })
export class SegmentInput {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field({ description: 'e.g. rfmSegment in ["Champions", "Loyal"] and clv > 100 and country = "DE"' })
  rule!: string;
}

export function toSegment(r: SegmentRecord): Segment {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    description: r.description,
    rule: r.rule,
    size: r.size,
    revenueShare: r.revenueShare,
    averageClv: r.averageClv,
    refreshedAt: r.refreshedAt,
    createdAt: r.createdAt,
  };
}

export function toMembership(r: MembershipRecord): SegmentMembership {
  return { segment: toSegment(r.segment), since: r.since };
}

export function toCustomerProfile(r: CustomerProfileRecord): CustomerProfile {
  const { userId: _userId, ...fields } = r;
  return fields;
}
