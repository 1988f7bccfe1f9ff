import type { ServingSettings, TrainingSettings } from '../../../config/config';
import type { ModelKindName } from '../../../data/entities';
import type { ChangeFeed } from '../../common/change-feed';
import { BadUserInputError, NotFoundError } from '../../common/errors';
import { parseId, parseOptionalId } from '../../common/ids';
import type { RequestContext } from '../../common/request-context';
import { CatalogCache, type CatalogSnapshot } from './catalog-snapshot';
import { categorySet, EligibilityIndex, NO_FILTER, resolveFilter, type ProductFilter, type RecommendationFilterInput } from './eligibility';
import { fillFromFallbacks, type FallbackRequest } from './fallback-chain';
import { RankedList, type RankedItem } from './ranked-list';
import type { HistoryVector } from './scorers';
import { RECOMMENDER_KINDS, ServedModels, type ServedModel } from './served-models';
import { TrendingRanker } from './trending';
import { CoPurchaseService } from '../co-purchase.service';
import type { ProductRecord } from '../../catalog/catalog.records';

/** A ranked product with its catalogue row. */
export interface ScoredProductRecord {
  productId: string;
  score: number;
  product: ProductRecord;
}
import { UserHistoryCache, type UserHistory } from './user-history';
import { becauseOf, strongest } from './because';

/** Which active models `similar` asks, in order: item-item models first (their neighbours are what they learned). */
const SIMILARITY_KINDS: readonly ModelKindName[] = ['ITEM_KNN', 'EASE', 'ALS', 'BPR'];

/** The largest list one request may ask for. */
export const MAX_RECOMMENDATIONS = 100;

/** A served list: its items, the model version that ranked them (if any), and which source answered. */
export interface RecommendationResult {
  items: RankedItem[];
  modelId: string | null;
  source: string;
}

export interface RecommendationRequest {
  userId: string;
  first?: number | null;
  filter?: RecommendationFilterInput | null;
  modelId?: string | null;
}

/** `first` in 1..100 (default 10); BAD_USER_INPUT naming it otherwise. */
export function listSize(first: number | null | undefined, fallback = 10): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_RECOMMENDATIONS) {
    throw new BadUserInputError('first', `must be between 1 and ${MAX_RECOMMENDATIONS} (got ${n})`);
  }
  return n;
}

/** The user's positive history in a model's item space, items ascending (what fold-in and item-item scoring read). */
export function historyVector(model: ServedModel, history: UserHistory): HistoryVector {
  const pairs: Array<[number, number]> = [];
  for (const [p, w] of history.weights) {
    const j = model.itemIndex.get(p);
    if (j !== undefined && w > 0) pairs.push([j, w]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return { items: Int32Array.from(pairs, (x) => x[0]), values: Float32Array.from(pairs, (x) => x[1]) };
}

/** What a request must not get: the filter's list, bought or seen products as asked, and anything disliked/returned. */
export function exclusions(filter: ProductFilter, history: UserHistory | null): Set<string> {
  const out = new Set(filter.exclude);
  if (!history) return out;
  if (filter.excludePurchased) for (const p of history.purchased) out.add(p);
  if (filter.excludeSeen) for (const p of history.seen) out.add(p);
  for (const [p, w] of history.weights) if (w < 0) out.add(p);
  return out;
}

/**
 * Live recommendations: the user's history is read per request (cached ≤ 1 s, dropped on their writes), folded into
 * the active model (or scored directly by item-item models), ranked in the addon with the filter applied inside the
 * top-K, and topped up by the fallback chain; a user no model can place gets the chain alone.
 */
export class RecommendationService {
  readonly catalog: CatalogCache;
  readonly models: ServedModels;
  readonly histories: UserHistoryCache;
  readonly trending: TrendingRanker;
  private readonly eligibility = new WeakMap<ServedModel, EligibilityIndex>();
  private readonly coPurchase = new CoPurchaseService();

  constructor(
    private readonly settings: ServingSettings,
    training: TrainingSettings,
    changes?: ChangeFeed,
  ) {
    this.catalog = new CatalogCache(settings.catalogTtlMs, changes);
    this.models = new ServedModels(settings.modelPollMs, changes);
    this.histories = new UserHistoryCache(training, settings, changes);
    this.trending = new TrendingRanker(training, settings.trendingTtlMs);
  }

  eligibilityOf(model: ServedModel): EligibilityIndex {
    let index = this.eligibility.get(model);
    if (!index) this.eligibility.set(model, (index = new EligibilityIndex(model.itemIds)));
    return index;
  }

  /** The model that answers when the client names none: the configured kind, else the best holdout nDCG@10. */
  defaultModel(active: ReadonlyMap<ModelKindName, ServedModel>): ServedModel | null {
    if (this.settings.model !== 'auto') return active.get(this.settings.model) ?? null;
    const candidates = RECOMMENDER_KINDS.flatMap((kind) => (active.has(kind) ? [active.get(kind)!] : []));
    candidates.sort((a, b) => (b.ndcg ?? -1) - (a.ndcg ?? -1)); // stable: ties keep RECOMMENDER_KINDS order
    return candidates[0] ?? null;
  }

  async recommend(ctx: RequestContext, request: RecommendationRequest): Promise<RecommendationResult> {
    const size = listSize(request.first);
    const userId = parseId(request.userId, 'userId');
    const modelId = parseOptionalId(request.modelId, 'modelId');
    const filter = resolveFilter(request.filter);
    const [history, snapshot, active] = await Promise.all([
      this.histories.get(ctx, userId),
      this.catalog.get(ctx),
      this.models.activeModels(ctx),
    ]);
    const model = modelId ? await this.models.version(ctx, modelId) : this.defaultModel(active);
    const categories = categorySet(snapshot, filter);
    const list = new RankedList(size, snapshot, filter, categories, exclusions(filter, history));
    if (model) await this.rankWithModel(model, userId, history, snapshot, filter, list);
    if (!list.full) await fillFromFallbacks(this.fallbackRequest(ctx, snapshot, filter, categories, history, active), list);
    const fromModel = model !== null && list.firstSource === model.kind;
    return { items: list.items, modelId: fromModel ? model.id : null, source: list.firstSource ?? 'fallback:popularity' };
  }

  private async rankWithModel(model: ServedModel, userId: string, history: UserHistory, snapshot: CatalogSnapshot,
    filter: ProductFilter, list: RankedList): Promise<void> {
    const vector = historyVector(model, history);
    // a trained row only counts while the user exists (forgetUser removes them before the next training)
    const userRow = history.exists ? (model.userIndex.get(userId) ?? -1) : -1;
    const personal = vector.items.length > 0 || (model.kind === 'BPR' && userRow >= 0) || model.kind === 'POPULARITY';
    if (!personal) return;
    const exclude = list.takenIn(model.itemIndex);
    const allow = this.eligibilityOf(model).allow(snapshot, filter);
    const out = await model.scorer.recommend(vector, userRow, list.size, { allow, exclude });
    const ids = Array.from(out.ids.subarray(0, out.count));
    const top = strongest(vector);
    list.add(model.kind, ids.map((j, r) => ({
      productId: model.itemIds[j],
      score: out.scores[r],
      explanation: becauseOf(model, vector, top, history, j),
    })));
  }

  /**
   * Products like `productId`: the neighbours of the first active item model that knows it (item-kNN, EASE, then the
   * factor models' cosine), topped up with its category's trending, then the shop's. Unknown product: NOT_FOUND.
   */
  async similar(ctx: RequestContext, productId: string, first?: number | null): Promise<ScoredProductRecord[]> {
    const size = listSize(first);
    const id = parseId(productId, 'productId');
    const [snapshot, active] = await Promise.all([this.catalog.get(ctx), this.models.activeModels(ctx)]);
    const row = snapshot.rowOf.get(id);
    if (row === undefined) throw new NotFoundError(`product ${id} does not exist`);
    const list = new RankedList(size, snapshot, NO_FILTER, null, new Set([id]));
    for (const kind of SIMILARITY_KINDS) {
      const model = active.get(kind);
      const j = model?.itemIndex.get(id);
      if (!model || j === undefined) continue;
      const out = await model.scorer.similar(j, size, this.eligibilityOf(model).allow(snapshot, NO_FILTER));
      if (!out || out.count === 0) continue;
      const rows = Array.from(out.ids.subarray(0, out.count), (k, r) => ({ productId: model.itemIds[k], score: out.scores[r] }));
      list.add(kind, rows.map((r) => ({ ...r, explanation: { kind: 'model' as const } })));
      break;
    }
    const category = snapshot.category[row];
    if (!list.full && category) {
      const rows = await this.trending.rank(ctx, {
        windowDays: 30, categoryIds: [...snapshot.subtree(category)], country: null, limit: size + 50,
      });
      list.add('fallback:trending-category', rows.map((r) => ({ ...r, explanation: { kind: 'trending-category' as const } })));
    }
    if (!list.full) await fillFromFallbacks(this.fallbackRequest(ctx, snapshot, NO_FILTER, null, null, active), list);
    return list.items.map(({ productId: p, score, product }) => ({ productId: p, score, product }));
  }

  /**
   * Products bought in the same orders as this one, ranked by lift with a support floor (see co-purchase.service),
   * with their catalogue rows. Inactive products never appear; a product without enough co-purchases gets [].
   */
  async boughtTogether(ctx: RequestContext, productId: string, first?: number | null): Promise<ScoredProductRecord[]> {
    const size = listSize(first);
    const pairs = await this.coPurchase.boughtTogether(ctx, productId, size);
    const snapshot = await this.catalog.get(ctx);
    return pairs.flatMap((pair) => {
      const row = snapshot.rowOf.get(pair.productId);
      return row === undefined ? [] : [{ productId: pair.productId, score: pair.score, product: snapshot.records[row] }];
    });
  }

  /** Time-decayed popularity over the last `window` days (1..365), optionally within a category's subtree. */
  async trendingProducts(ctx: RequestContext, args: { first?: number | null; categoryId?: string | null; window?: number | null }): Promise<ScoredProductRecord[]> {
    const size = listSize(args.first);
    const window = args.window ?? 7;
    if (!Number.isInteger(window) || window < 1 || window > 365) {
      throw new BadUserInputError('window', `must be a whole number of days between 1 and 365 (got ${window})`);
    }
    const categoryId = parseOptionalId(args.categoryId, 'categoryId');
    const snapshot = await this.catalog.get(ctx);
    if (categoryId && !snapshot.categories.has(categoryId)) throw new NotFoundError(`category ${categoryId} does not exist`);
    const rows = await this.trending.rank(ctx, {
      windowDays: window, categoryIds: categoryId ? [...snapshot.subtree(categoryId)] : null, country: null, limit: size + 50,
    });
    const list = new RankedList(size, snapshot, NO_FILTER, null, new Set());
    list.add('trending', rows.map((r) => ({ ...r, explanation: { kind: 'trending' as const } })));
    return list.items.map(({ productId: p, score, product }) => ({ productId: p, score, product }));
  }

  fallbackRequest(ctx: RequestContext, snapshot: CatalogSnapshot, filter: ProductFilter, categories: ReadonlySet<string> | null,
    history: UserHistory | null, active: ReadonlyMap<ModelKindName, ServedModel>): FallbackRequest {
    const pop = active.get('POPULARITY');
    return {
      ctx, snapshot, filter, categories, history,
      popularity: pop ? { model: pop, eligibility: this.eligibilityOf(pop) } : null,
      trending: this.trending,
      windowDays: this.settings.fallbackWindowDays,
    };
  }
}
