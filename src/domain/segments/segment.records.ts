import { strongestDrivers } from '../marketing/propensity';
import type { RuleNode } from './rules/rule.types';

export const SEGMENT_KINDS = ['RFM', 'CLUSTER', 'CUSTOM'] as const;
export type SegmentKindName = (typeof SEGMENT_KINDS)[number];

/** A segment as services hand it out. */
export interface SegmentRecord {
  id: string;
  kind: SegmentKindName;
  name: string;
  description: string | null;
  /** The rule as the client wrote it (CUSTOM only). */
  rule: string | null;
  ruleAst: RuleNode | null;
  createdAt: Date;
  /** When membership was last computed; null before the first refresh. */
  refreshedAt: Date | null;
  size: number;
  /** Members' net spend / all customers' net spend; null when nobody has spent. */
  revenueShare: number | null;
  averageClv: number | null;
}

/** A user's membership of a segment, and since when (kept while the user stays in). */
export interface MembershipRecord {
  segment: SegmentRecord;
  since: Date;
}

export interface FeatureContributionRecord {
  feature: string;
  contribution: number;
}

/** RFM, CLV and (later) propensity of one user as of the last refresh; fields are null when not computable. */
export interface CustomerProfileRecord {
  userId: string;
  asOf: Date;
  recency: number | null;
  frequency: number | null;
  monetary: number | null;
  rfmScore: string | null;
  rfmSegment: string | null;
  expectedPurchases90d: number | null;
  probabilityAlive: number | null;
  clv: number | null;
  propensity: number | null;
  propensityDrivers: FeatureContributionRecord[] | null;
  updatedAt: Date;
}

/** The segment columns every segment query selects, aliased `s`. */
export const SEGMENT_COLUMNS =
  's.id::text AS id, s.kind, s.name, s.description, s.rule, s.rule_ast, s.created_at, s.refreshed_at, s.size, ' +
  's.revenue_share, s.avg_clv';

export interface SegmentRow {
  id: string;
  kind: SegmentKindName;
  name: string;
  description: string | null;
  rule: string | null;
  rule_ast: RuleNode | null;
  created_at: Date;
  refreshed_at: Date | null;
  size: number;
  revenue_share: number | null;
  avg_clv: number | null;
}

export function segmentFromRow(row: SegmentRow): SegmentRecord {
  return {
    id: String(row.id),
    kind: row.kind,
    name: row.name,
    description: row.description,
    rule: row.rule,
    ruleAst: row.rule_ast,
    createdAt: row.created_at,
    refreshedAt: row.refreshed_at,
    size: row.size,
    revenueShare: row.revenue_share,
    averageClv: row.avg_clv,
  };
}

export const PROFILE_COLUMNS =
  'p.user_id::text AS user_id, p.as_of, p.recency, p.frequency, p.monetary, p.rfm_score, p.rfm_segment, ' +
  'p.expected_purchases_90d, p.probability_alive, p.clv, p.propensity, p.propensity_contributions, p.updated_at';

export interface ProfileRow {
  user_id: string;
  as_of: Date;
  recency: number | null;
  frequency: number | null;
  monetary: number | null;
  rfm_score: string | null;
  rfm_segment: string | null;
  expected_purchases_90d: number | null;
  probability_alive: number | null;
  clv: number | null;
  propensity: number | null;
  /** JSON text of the drivers (stored as text: the refresh writes it cheaply and nothing queries inside it). */
  propensity_contributions: number[] | null;
  updated_at: Date;
}

export function profileFromRow(row: ProfileRow): CustomerProfileRecord {
  return {
    userId: row.user_id,
    asOf: row.as_of,
    recency: row.recency,
    frequency: row.frequency,
    monetary: row.monetary,
    rfmScore: row.rfm_score,
    rfmSegment: row.rfm_segment,
    expectedPurchases90d: row.expected_purchases_90d,
    probabilityAlive: row.probability_alive,
    clv: row.clv,
    propensity: row.propensity,
    propensityDrivers: row.propensity_contributions === null ? null : strongestDrivers(row.propensity_contributions),
    updatedAt: row.updated_at,
  };
}
