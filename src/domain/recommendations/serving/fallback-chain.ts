import type { RequestContext } from '../../common/request-context';
import type { CatalogSnapshot } from './catalog-snapshot';
import type { Explanation } from './explanations';
import type { RankedList } from './ranked-list';
import type { ServedModel } from './served-models';
import type { EligibilityIndex } from './eligibility';
import type { ProductFilter } from './eligibility';
import type { ScoredId, TrendingRanker } from './trending';
import type { UserHistory } from './user-history';

/** The source names a fallback answers with (RecommendationList.source). */
export const FALLBACK_SOURCES = {
  country: 'fallback:trending-country',
  category: 'fallback:trending-category',
  trending: 'fallback:trending',
  popularity: 'fallback:popularity',
} as const;

/** What the chain needs of the request. */
export interface FallbackRequest {
  ctx: RequestContext;
  snapshot: CatalogSnapshot;
  filter: ProductFilter;
  /** The filter's categories with their subtrees, or null. */
  categories: ReadonlySet<string> | null;
  history: UserHistory | null;
  popularity: { model: ServedModel; eligibility: EligibilityIndex } | null;
  trending: TrendingRanker;
  windowDays: number;
}

/** Categories the user has touched (browsed or bought), as the cold-start category signal. */
function historyCategories(req: FallbackRequest): string[] {
  const out = new Set<string>();
  for (const p of req.history?.seen ?? []) {
    const row = req.snapshot.rowOf.get(p);
    if (row !== undefined && req.snapshot.category[row]) out.add(req.snapshot.category[row]);
  }
  return [...out];
}

function explained(rows: ScoredId[], explanation: Explanation) {
  return rows.map((r) => ({ ...r, explanation }));
}

/** Trending within the filter's categories (or `within`), optionally for one country. */
function trendingRows(req: FallbackRequest, list: RankedList, within: readonly string[] | null, country: string | null, windowDays: number) {
  const categoryIds = within ?? (req.categories ? [...req.categories] : null);
  const limit = Math.min(1000, list.size + list.takenCount + 50);
  return req.trending.rank(req.ctx, { windowDays, categoryIds, country, limit });
}

/** Global popularity: the POPULARITY model ranked inside the top-K when one is active, else all-time trending. */
async function popularity(req: FallbackRequest, list: RankedList): Promise<void> {
  if (req.popularity) {
    const { model, eligibility } = req.popularity;
    const exclude = list.takenIn(model.itemIndex);
    const out = await model.scorer.recommend({ items: new Int32Array(0), values: new Float32Array(0) }, -1, list.size, {
      allow: eligibility.allow(req.snapshot, req.filter), exclude,
    });
    const rows = Array.from(out.ids.subarray(0, out.count), (j, r) => ({ productId: model.itemIds[j], score: out.scores[r] }));
    list.add(FALLBACK_SOURCES.popularity, explained(rows, { kind: 'popularity' }));
  }
  if (!list.full) {
    const rows = await trendingRows(req, list, null, null, 36_500);
    list.add(FALLBACK_SOURCES.popularity, explained(rows, { kind: 'popularity' }));
  }
}

/**
 * Fills what a model could not: the user's country's trending list, then their categories' trending, then this
 * week's shop-wide trending, then all-time popularity. Each step only adds eligible products not on the list.
 */
export async function fillFromFallbacks(req: FallbackRequest, list: RankedList): Promise<void> {
  const country = req.history?.country ?? null;
  if (!list.full && country) {
    const rows = await trendingRows(req, list, null, country, req.windowDays);
    list.add(FALLBACK_SOURCES.country, explained(rows, { kind: 'trending-country', country }));
  }
  const touched = historyCategories(req);
  if (!list.full && touched.length > 0 && !req.categories) {
    const rows = await trendingRows(req, list, touched.flatMap((c) => [...req.snapshot.subtree(c)]), null, req.windowDays);
    list.add(FALLBACK_SOURCES.category, explained(rows, { kind: 'trending-category' }));
  }
  if (!list.full) {
    const rows = await trendingRows(req, list, null, null, req.windowDays);
    list.add(FALLBACK_SOURCES.trending, explained(rows, { kind: 'trending' }));
  }
  if (!list.full) await popularity(req, list);
  if (!list.full && req.filter.only) list.add(FALLBACK_SOURCES.popularity, remainingOfOnly(req.filter.only));
}

/**
 * A list restricted to a few products (a campaign's offer) may name products nobody has bought or seen yet: no model
 * or trending list carries them, so they close the list in id order with score 0 rather than leave it short.
 */
function remainingOfOnly(only: ReadonlySet<string>) {
  const ids = [...only].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  return ids.map((productId) => ({ productId, score: 0, explanation: { kind: 'popularity' } as Explanation }));
}
