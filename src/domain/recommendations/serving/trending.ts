import type { TrainingSettings } from '../../../config/config';
import type { RequestContext } from '../../common/request-context';
import { query } from '../../common/sql';

/** A ranked product id. */
export interface ScoredId {
  productId: string;
  score: number;
}

/** What to rank: events of the last `windowDays`, optionally only in some categories or of one country's users. */
export interface TrendingQuery {
  windowDays: number;
  categoryIds: readonly string[] | null;
  country: string | null;
  limit: number;
}

/**
 * Time-decayed popularity over a window: Σ event weight · 2^(−age / (window/2)) per active product, weights as in
 * training (RETURN and DISLIKE pull down). The window ends at the newest event rather than the wall clock, so an
 * imported history (Online Retail ends in 2011) still has a "last week". idx_events_time bounds the scan.
 */
const TRENDING_SQL = `
  WITH ref AS (SELECT coalesce(max(occurred_at), now()) AS t FROM events)
  SELECT e.product_id::text AS p,
    sum(coalesce(($1::jsonb ->> e.type)::float8, CASE WHEN e.type = 'RATING' THEN 1 ELSE 0 END)
        * exp(-ln(2) * extract(epoch FROM (ref.t - e.occurred_at)) / ($2::float8 * 43200))) AS s
  FROM events e
  CROSS JOIN ref
  JOIN products p ON p.id = e.product_id AND p.active
  LEFT JOIN users u ON u.id = e.user_id
  WHERE e.occurred_at > ref.t - make_interval(secs => $2::float8 * 86400) AND e.occurred_at <= ref.t
    AND ($3::bigint[] IS NULL OR p.category_id = ANY($3::bigint[]))
    AND ($4::text IS NULL OR u.country = $4::text)
  GROUP BY e.product_id
  HAVING sum(coalesce(($1::jsonb ->> e.type)::float8, 0)) > 0
  ORDER BY s DESC, e.product_id
  LIMIT $5`;

/** Trending lists, cached for `ttlMs` per query (the list moves slowly; the query reads a window of events). */
export class TrendingRanker {
  private readonly cache = new Map<string, { at: number; rows: Promise<ScoredId[]> }>();

  constructor(
    private readonly settings: TrainingSettings,
    private readonly ttlMs: number,
  ) {}

  rank(ctx: RequestContext, q: TrendingQuery): Promise<ScoredId[]> {
    const key = JSON.stringify(q);
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.rows;
    const rows = query<{ p: string; s: number }>(ctx, TRENDING_SQL, [
      JSON.stringify(this.settings.eventWeights), q.windowDays, q.categoryIds, q.country, q.limit,
    ]).then((found) => found.map((r) => ({ productId: r.p, score: Number(r.s) })));
    rows.catch(() => this.cache.delete(key));
    this.cache.set(key, { at: Date.now(), rows });
    if (this.cache.size > 1000) this.cache.delete(this.cache.keys().next().value!);
    return rows;
  }
}
