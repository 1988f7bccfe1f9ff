import type { InteractionCsr } from './interactions.types';

/** EASE hyper-parameters: `lambda` (L2 on the Gram diagonal) and the largest item count accepted. */
export interface EaseOptions {
  lambda: number;
  /** Default DEFAULT_EASE_MAX_ITEMS (20,000): B is items² floats and training costs ~items³/2 multiply-adds. */
  maxItems?: number;
}

/** The dense EASE weights: row i (B[i*items .. (i+1)*items)) is what item i contributes to every item; diag 0. */
export interface EaseModel {
  items: number;
  weights: Float32Array;
}

/** Item-kNN hyper-parameters: neighbours kept per item and the cosine shrinkage term. */
export interface ItemKnnOptions {
  neighbors: number;
  /** sim = a·b / (‖a‖‖b‖ + shrink); 0 is plain cosine, larger values damp pairs with little support. */
  shrink?: number;
}

/** Item-kNN neighbours as an items × items CSR: row i lists i's neighbours, similarity descending, then id. */
export interface ItemKnnModel {
  items: number;
  offsets: Int32Array;
  ids: Int32Array;
  values: Float32Array;
}

/** An item × item model scoreTopK can apply: EASE's dense weights or item-kNN's sparse neighbours. */
export type ItemItemModel = EaseModel | ItemKnnModel;

/** What scoreTopK ranks: for each user row, the k best items by Σ_i x_ui·W[i, j]. */
export interface ScoreTopKInput {
  users: InteractionCsr;
  model: ItemItemModel;
  k: number;
  /** Skip the items in the user's own row (default true: never recommend what the user already has). */
  excludeOwn?: boolean;
  /** items flags; an item whose flag is 0 is never returned (business filters, applied inside the top-K). */
  allow?: Uint8Array;
  /** Per-user exclusion lists as CSR: user u also skips excludeIds[excludeOffsets[u] .. excludeOffsets[u+1]). */
  excludeOffsets?: Int32Array;
  excludeIds?: Int32Array;
}

/** Same layout as TopKResult: row u's hits are ids[u*k .. u*k + counts[u]); padding is id -1, score NaN. */
export interface ScoreTopKResult {
  users: number;
  k: number;
  ids: Int32Array;
  scores: Float32Array;
  counts: Int32Array;
}
