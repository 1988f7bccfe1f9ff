import type { CampaignSpec } from './campaign-input';
/** A campaign as stored: its targeting rules and the size of the audience it materialised. */
export interface CampaignRecord extends Omit<CampaignSpec, 'productIds'> {
  id: string;
  offerProductIds: string[];
  ranking: string;
  audienceSize: number;
  createdAt: Date;
}

export interface CampaignRow {
  id: string;
  name: string;
  segment_ids: string[];
  min_propensity: number | null;
  exclude_bought_within_days: number | null;
  exclude_user_ids: string[];
  max_audience: number;
  offer_product_ids: string[];
  ranking: string;
  audience_size: number;
  created_at: Date;
}

export const CAMPAIGN_COLUMNS = `c.id::text AS id, c.name, c.segment_ids::text[] AS segment_ids, c.min_propensity,
  c.exclude_bought_within_days, c.exclude_user_ids::text[] AS exclude_user_ids, c.max_audience,
  c.offer_product_ids::text[] AS offer_product_ids, c.ranking, c.audience_size, c.created_at`;

export function campaignFromRow(r: CampaignRow): CampaignRecord {
  return {
    id: r.id,
    name: r.name,
    segmentIds: r.segment_ids,
    minPropensity: r.min_propensity,
    excludeBoughtWithinDays: r.exclude_bought_within_days,
    excludeUserIds: r.exclude_user_ids,
    maxAudience: r.max_audience,
    offerProductIds: r.offer_product_ids,
    ranking: r.ranking,
    audienceSize: r.audience_size,
    createdAt: r.created_at,
  };
}

/** One member of a campaign's audience with their next-best offer (null when the campaign has no offer left for them). */
export interface AudienceMemberRecord {
  campaignId: string;
  userId: string;
  rank: number;
  expectedValue: number;
  propensity: number | null;
  clv: number | null;
  offerProductId: string | null;
  offerScore: number | null;
  offerSource: string | null;
}

export interface AudienceRow {
  campaign_id: string;
  user_id: string;
  rank: number;
  expected_value: number;
  propensity: number | null;
  clv: number | null;
  offer_product_id: string | null;
  offer_score: number | null;
  offer_source: string | null;
}

export const AUDIENCE_COLUMNS = `a.campaign_id::text AS campaign_id, a.user_id::text AS user_id, a.rank, a.expected_value,
  a.propensity, a.clv, a.offer_product_id::text AS offer_product_id, a.offer_score, a.offer_source`;

export function memberFromRow(r: AudienceRow): AudienceMemberRecord {
  return {
    campaignId: r.campaign_id,
    userId: r.user_id,
    rank: r.rank,
    expectedValue: r.expected_value,
    propensity: r.propensity,
    clv: r.clv,
    offerProductId: r.offer_product_id,
    offerScore: r.offer_score,
    offerSource: r.offer_source,
  };
}
