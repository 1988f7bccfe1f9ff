import type { RequestContext } from '../common/request-context';
import { execute, query } from '../common/sql';
import type { RecommendationService } from '../recommendations/serving/recommendation.service';
import { SEGMENT_MEMBERS } from '../segments/segment-members';
import type { CampaignSpec } from './campaign-input';

/** Written on every campaign, so a reader knows how `expectedValue` was computed. */
export const RANKING_RULE = 'propensity*clv; else propensity*offer_margin; else clv; else 0 (ties by user id)';

/** How many next-best-offer lists are computed at once (each is a history read plus a top-K in the addon). */
export const OFFER_CONCURRENCY = 8;

/** A selected member, before the offer. */
export interface Candidate {
  userId: string;
  propensity: number | null;
  clv: number | null;
  expectedValue: number;
}

/** A member's next-best offer: the recommender's top product within the offer, and which source chose it. */
export interface Offer {
  productId: string;
  score: number;
  source: string;
}

/**
 * The offer's mean margin per unit: price − cost over the offer products with a known cost; the mean price when no
 * cost is known (then revenue stands in for margin); null without offer products.
 */
export async function offerMargin(ctx: RequestContext, productIds: readonly string[]): Promise<number | null> {
  if (productIds.length === 0) return null;
  const [row] = await query<{ margin: number | null }>(ctx, `
    SELECT coalesce(avg(price - cost) FILTER (WHERE cost IS NOT NULL), avg(price))::float8 AS margin
    FROM products WHERE id = ANY($1::bigint[])`, [productIds]);
  return row?.margin ?? null;
}

/**
 * The audience in rank order, in one statement: profiled users in any of the segments (every profiled user when
 * none is given), at or above the minimum propensity (an unknown propensity never passes a minimum), without a
 * non-cancelled order in the last N days of the shop clock, not excluded; ranked by expected value (RANKING_RULE).
 * The shop clock is least(now(), newest order), so an imported history that ended long ago is judged by its own end.
 */
export async function selectAudience(ctx: RequestContext, spec: CampaignSpec, margin: number | null): Promise<Candidate[]> {
  const rows = await query<{ user_id: string; propensity: number | null; clv: number | null; ev: number }>(ctx, `
    WITH clock AS (SELECT least(now(), coalesce((SELECT max(placed_at) FROM orders), now())) AS now)
    SELECT p.user_id::text AS user_id, p.propensity, p.clv,
      (CASE WHEN p.propensity IS NOT NULL AND p.clv IS NOT NULL THEN p.propensity * p.clv
            WHEN p.propensity IS NOT NULL AND $5::float8 IS NOT NULL THEN p.propensity * $5::float8
            WHEN p.clv IS NOT NULL THEN p.clv
            ELSE 0 END)::float8 AS ev
    FROM customer_profiles p, clock
    WHERE (cardinality($1::bigint[]) = 0 OR EXISTS (
            SELECT 1 FROM (${SEGMENT_MEMBERS}) m WHERE m.user_id = p.user_id AND m.segment_id = ANY($1::bigint[])))
      AND ($2::float8 IS NULL OR p.propensity >= $2::float8)
      AND NOT (p.user_id = ANY($3::bigint[]))
      AND ($4::int IS NULL OR NOT EXISTS (
            SELECT 1 FROM orders o WHERE o.user_id = p.user_id AND NOT o.cancelled
              AND o.placed_at > clock.now - make_interval(days => $4::int)))
    ORDER BY ev DESC, p.user_id
    LIMIT $6::int`,
  [spec.segmentIds, spec.minPropensity, spec.excludeUserIds, spec.excludeBoughtWithinDays, margin, spec.maxAudience]);
  return rows.map((r) => ({ userId: r.user_id, propensity: r.propensity, clv: r.clv, expectedValue: Number.isFinite(r.ev) ? r.ev : 0 }));
}

/**
 * Each member's next-best offer: the live recommender restricted to the offer products, skipping what the member
 * bought (its fallback chain ends in popularity within the offer). Null when the member bought the whole offer.
 */
export async function nextBestOffers(ctx: RequestContext, recommender: RecommendationService, members: readonly Candidate[],
  productIds: readonly string[]): Promise<Array<Offer | null>> {
  const out = new Array<Offer | null>(members.length).fill(null);
  if (productIds.length === 0) return out;
  let next = 0;
  const worker = async () => {
    while (next < members.length) {
      const i = next++;
      const list = await recommender.recommend(ctx, {
        userId: members[i].userId, first: 1, filter: { productIds, excludePurchased: true },
      });
      const top = list.items[0];
      out[i] = top ? { productId: top.productId, score: top.score, source: list.source } : null;
    }
  };
  await Promise.all(Array.from({ length: Math.min(OFFER_CONCURRENCY, members.length) }, worker));
  return out;
}

/** Writes the audience in one set-based statement; ranks are 1-based positions in `members`. */
export async function insertAudience(ctx: RequestContext, campaignId: string, members: readonly Candidate[],
  offers: ReadonlyArray<Offer | null>): Promise<void> {
  if (members.length === 0) return;
  await execute(ctx, `
    INSERT INTO campaign_audience
      (campaign_id, user_id, rank, expected_value, propensity, clv, offer_product_id, offer_score, offer_source)
    SELECT $1::bigint, m.user_id, m.rank, m.ev, m.propensity, m.clv, m.offer, m.score, m.source
    FROM unnest($2::bigint[], $3::int[], $4::float8[], $5::float8[], $6::float8[], $7::bigint[], $8::float8[], $9::text[])
      AS m(user_id, rank, ev, propensity, clv, offer, score, source)`, [
    campaignId,
    members.map((m) => m.userId),
    members.map((_, i) => i + 1),
    members.map((m) => m.expectedValue),
    members.map((m) => m.propensity),
    members.map((m) => m.clv),
    offers.map((o) => o?.productId ?? null),
    offers.map((o) => o?.score ?? null),
    offers.map((o) => o?.source ?? null),
  ]);
}
