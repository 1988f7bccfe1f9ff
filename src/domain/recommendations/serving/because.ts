import type { Explanation } from './explanations';
import type { HistoryVector } from './scorers';
import type { ServedModel } from './served-models';
import type { UserHistory } from './user-history';

/** History items weighed per explanation; the strongest ones, so a long history costs no more than a short one. */
const STRONGEST = 50;
/** Products named in `because`. */
const MAX_BECAUSE = 3;

/** The indices of the `STRONGEST` largest weights of a history vector. */
export function strongest(vector: HistoryVector): number[] {
  const order = Array.from(vector.items.keys()).sort((a, b) => vector.values[b] - vector.values[a]);
  return order.slice(0, STRONGEST);
}

/**
 * `top` = strongest(vector). Up to three history products that pushed item j up the most: log(1 + weight(i)) × the
 * model's item-to-item contribution
 * (EASE's B[i, j], item-kNN's similarity, the cosine of factor vectors for ALS/BPR), positive contributions only.
 */
export function becauseOf(model: ServedModel, vector: HistoryVector, top: readonly number[], history: UserHistory, j: number): Explanation {
  const scored: Array<{ i: number; c: number }> = [];
  for (const p of top) {
    const i = vector.items[p];
    // the weight is dampened: a product bought five times should not explain every item on the list
    const c = Math.log1p(vector.values[p]) * model.scorer.contribution(i, j);
    if (c > 0) scored.push({ i, c });
  }
  scored.sort((a, b) => b.c - a.c || a.i - b.i);
  const because = scored.slice(0, MAX_BECAUSE).map((s) => model.itemIds[s.i]);
  if (because.length === 0) return { kind: 'model' };
  return { kind: 'history', because, actions: because.map((p) => history.strongest.get(p) ?? 'VIEW') };
}
