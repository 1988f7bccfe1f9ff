import { scoreTopK, topK, trainEase, trainItemKnn } from '../../../compute';
import type { Interactions } from './interactions';

/** Top-k lists for every user: user u's items are ids[u*k .. u*k + counts[u]), best first. */
export interface RankedLists {
  k: number;
  ids: Int32Array;
  counts: Int32Array;
}

/** A trained model's ranking step: the k best items per user, never one the user has in training. */
export type Ranker = (k: number) => Promise<RankedLists>;

/**
 * One model under evaluation: a name, the hyper-parameters it reports, and a training step that returns its ranker.
 * Training and ranking are separate so the harness can time them apart.
 */
export interface Recommender {
  readonly model: string;
  readonly params: Readonly<Record<string, number>>;
  train(data: Interactions): Promise<Ranker>;
}

/** EASE (Steck 2019) scored natively as X·B, the user's training items excluded. */
export function easeRecommender(params: { lambda: number }): Recommender {
  return {
    model: 'ease',
    params,
    async train(data) {
      const model = await trainEase(data.matrix, { lambda: params.lambda });
      return (k) => scoreTopK({ users: data.matrix, model, k, excludeOwn: true });
    },
  };
}

/** Item-kNN: shrunk-cosine neighbours per item, a user's scores summed over the neighbours of their items. */
export function itemKnnRecommender(params: { neighbors: number; shrink: number }): Recommender {
  return {
    model: 'itemknn',
    params,
    async train(data) {
      const model = await trainItemKnn(data.matrix, params);
      return (k) => scoreTopK({ users: data.matrix, model, k, excludeOwn: true });
    },
  };
}

/**
 * Time-decayed popularity: each training event weighs exp(−ln2·age/halfLife), age measured back from the newest
 * training event; halfLifeDays = Infinity gives plain counts. The same list for everyone, minus their own items.
 */
export function popularityRecommender(params: { halfLifeDays: number }): Recommender {
  return {
    model: 'popularity',
    params,
    async train(data) {
      const scores = decayedPopularity(data, params.halfLifeDays);
      return (k) => rankByFactors(data, new Float32Array(data.nUsers).fill(1), scores, 1, k);
    },
  };
}

/** Σ over an item's events of exp(−ln2·(newest − t)/(halfLife·86400)), float32 per item. */
export function decayedPopularity(data: Interactions, halfLifeDays: number): Float32Array {
  const { matrix, timestamps } = data;
  let newest = -Infinity;
  for (const t of timestamps) newest = Math.max(newest, t);
  const rate = Number.isFinite(halfLifeDays) ? Math.LN2 / (halfLifeDays * 86_400) : 0;
  const scores = new Float64Array(matrix.nItems);
  for (let p = 0; p < matrix.indices.length; p++) scores[matrix.indices[p]] += Math.exp(-rate * (newest - timestamps[p]));
  return Float32Array.from(scores);
}

/**
 * The k best items per user by userVectors[u]·itemVectors[i] (+ bias), the user's training items excluded: the
 * shared ranking step of latent-factor models (and of popularity, as d = 1 with all-ones users).
 */
export async function rankByFactors(
  data: Interactions,
  userVectors: Float32Array,
  itemVectors: Float32Array,
  d: number,
  k: number,
  bias?: Float32Array,
): Promise<RankedLists> {
  const { indptr, indices } = data.matrix;
  const out = await topK({ queries: userVectors, items: itemVectors, d, k, excludeOffsets: indptr, excludeIds: indices, bias });
  return { k, ids: out.ids, counts: out.counts };
}
