import { NotFoundError } from '../common/errors';
import { parseId } from '../common/ids';
import { keysetSql } from '../common/keyset';
import { KeysetRow, Page, PageArgs, PageRequest, pageRequest, sliceRows, SortOrder, withTotal } from '../common/pagination';
import type { RequestContext } from '../common/request-context';
import { query, SqlParams } from '../common/sql';
import { withTransaction } from '../common/transaction';
import type { RecommendationService } from '../recommendations/serving/recommendation.service';
import { insertAudience, nextBestOffers, offerMargin, RANKING_RULE, selectAudience } from './audience';
import { checkCampaignInput, checkReferences, type CampaignInput } from './campaign-input';
import {
  AUDIENCE_COLUMNS, AudienceMemberRecord, AudienceRow, CAMPAIGN_COLUMNS, campaignFromRow, CampaignRecord, CampaignRow, memberFromRow,
} from './campaign.records';

/** One exported member (the CSV columns, in order). */
export interface ExportRow {
  user_external_id: string;
  email: string | null;
  rank: number;
  expected_value: number;
  propensity: number | null;
  clv: number | null;
  offer_product_external_id: string | null;
  offer_source: string | null;
}

export const EXPORT_COLUMNS: ReadonlyArray<keyof ExportRow> = [
  'user_external_id', 'email', 'rank', 'expected_value', 'propensity', 'clv', 'offer_product_external_id', 'offer_source',
];

/** Campaigns are listed newest first. */
export const CAMPAIGNS_ORDER: SortOrder = { name: 'campaigns:NEWEST', key: null, keyType: 'bigint', id: 'c.id', descending: true };
/** An audience is listed by rank (unique within a campaign, so it serves as the keyset id). */
export const AUDIENCE_ORDER: SortOrder = { name: 'campaign-audience:RANK', key: null, keyType: 'bigint', id: 'a.rank', descending: false };

/**
 * Campaigns: an audience chosen from segments and profiles, ranked by expected value and materialised with each
 * member's next-best offer from the live recommender.
 */
export class CampaignService {
  constructor(private readonly recommender: RecommendationService) {}

  /**
   * Validates the input (BAD_USER_INPUT naming the field), then selects, ranks and stores the audience in one
   * transaction. An empty segment gives an empty audience.
   */
  async create(ctx: RequestContext, input: CampaignInput): Promise<CampaignRecord> {
    const spec = checkCampaignInput(input);
    await checkReferences(ctx, input, spec);
    const id = await withTransaction(ctx, async (tx) => {
      const margin = await offerMargin(tx, spec.productIds);
      const [row] = await query<{ id: string }>(tx, `
        INSERT INTO campaigns (name, segment_ids, min_propensity, exclude_bought_within_days, exclude_user_ids,
          max_audience, offer_product_ids, ranking)
        VALUES ($1, $2::bigint[], $3, $4, $5::bigint[], $6, $7::bigint[], $8) RETURNING id::text AS id`,
      [spec.name, spec.segmentIds, spec.minPropensity, spec.excludeBoughtWithinDays, spec.excludeUserIds,
        spec.maxAudience, spec.productIds, RANKING_RULE]);
      const members = await selectAudience(tx, spec, margin);
      // offers read committed shop data through the recommender's own connections and caches
      const offers = await nextBestOffers(ctx, this.recommender, members, spec.productIds);
      await insertAudience(tx, row.id, members, offers);
      await query(tx, `UPDATE campaigns SET audience_size = $2 WHERE id = $1::bigint`, [row.id, members.length]);
      return row.id;
    });
    return (await this.get(ctx, id))!;
  }

  async get(ctx: RequestContext, id: string): Promise<CampaignRecord | null> {
    const [row] = await query<CampaignRow>(ctx, `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns c WHERE c.id = $1::bigint`, [parseId(id, 'id')]);
    return row ? campaignFromRow(row) : null;
  }

  /** `campaigns(first, after)`: newest first, the total counted lazily. */
  async list(ctx: RequestContext, args: PageArgs): Promise<Page<CampaignRecord>> {
    const request = pageRequest(args, CAMPAIGNS_ORDER);
    const params = new SqlParams();
    const rows = await query<CampaignRow & KeysetRow>(ctx,
      keysetSql({ select: CAMPAIGN_COLUMNS, from: 'campaigns c', where: [], params }, request), params.values);
    return withTotal(sliceRows(rows, request, campaignFromRow), async () => {
      const [r] = await query<{ n: number }>(ctx, `SELECT count(*)::int AS n FROM campaigns`);
      return r.n;
    });
  }

  /**
   * The audience with the columns an export needs, in rank order, read page by page (keyset on rank), so an
   * export of 100,000 members never holds more than one page. NOT_FOUND for an unknown campaign.
   */
  async *exportRows(ctx: RequestContext, campaignId: string, pageSize = 2000): AsyncGenerator<ExportRow[]> {
    const id = parseId(campaignId, 'id');
    if (!(await this.get(ctx, id))) throw new NotFoundError(`campaign ${campaignId} does not exist`);
    for (let after = 0; ;) {
      const rows = await query<ExportRow>(ctx, `
        SELECT u.external_id AS user_external_id, u.email, a.rank, a.expected_value, a.propensity, a.clv,
          p.external_id AS offer_product_external_id, a.offer_source
        FROM campaign_audience a JOIN users u ON u.id = a.user_id LEFT JOIN products p ON p.id = a.offer_product_id
        WHERE a.campaign_id = $1::bigint AND a.rank > $2::int ORDER BY a.rank LIMIT $3::int`, [id, after, pageSize]);
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1].rank;
    }
  }

  audiencePageRequest(args: PageArgs): PageRequest {
    return pageRequest(args, AUDIENCE_ORDER);
  }

  /** One page of a campaign's audience in rank order. */
  async audience(ctx: RequestContext, campaignId: string, request: PageRequest): Promise<Page<AudienceMemberRecord>> {
    const params = new SqlParams();
    const where = [`a.campaign_id = ${params.add(campaignId, 'bigint')}`];
    const rows = await query<AudienceRow & KeysetRow>(ctx,
      keysetSql({ select: `a.rank AS id, ${AUDIENCE_COLUMNS}`, from: 'campaign_audience a', where, params }, request), params.values);
    return withTotal(sliceRows(rows, request, memberFromRow), async () => {
      const [r] = await query<{ n: number }>(ctx, `SELECT count(*)::int AS n FROM campaign_audience WHERE campaign_id = $1::bigint`, [campaignId]);
      return r.n;
    });
  }
}
