/**
 * Top-K ranking metrics as in the MovieLens protocol (Microsoft Recommenders' python_evaluation), each for one
 * user: `recommended` is the ranked list (best first; only its first k count), `relevant` the user's test items.
 * Every function returns 0 for an empty `relevant` set; the caller averages over users that have test items.
 */

/** Number of the first k recommendations that are relevant. */
export function hitsAtK(recommended: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  let hits = 0;
  for (let r = 0; r < Math.min(k, recommended.length); r++) if (relevant.has(recommended[r])) hits++;
  return hits;
}

/** hits / k (not / list length: a short list is penalised). */
export function precisionAtK(recommended: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  return relevant.size === 0 ? 0 : hitsAtK(recommended, relevant, k) / k;
}

/** hits / |relevant|. */
export function recallAtK(recommended: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  return relevant.size === 0 ? 0 : hitsAtK(recommended, relevant, k) / relevant.size;
}

/** DCG with binary gain, Σ 1/log2(rank + 1) over hits, over the ideal DCG of min(k, |relevant|) hits. */
export function ndcgAtK(recommended: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let dcg = 0;
  for (let r = 0; r < Math.min(k, recommended.length); r++) if (relevant.has(recommended[r])) dcg += 1 / Math.log2(r + 2);
  let ideal = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) ideal += 1 / Math.log2(r + 2);
  return dcg / ideal;
}

/**
 * The protocol's "MAP": Σ over hits at rank r (1-based) of (hits so far)/r, divided by |relevant| — not by
 * min(k, |relevant|), so it reads lower than a textbook MAP@k.
 */
export function averagePrecisionAtK(recommended: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  let sum = 0;
  for (let r = 0; r < Math.min(k, recommended.length); r++) {
    if (!relevant.has(recommended[r])) continue;
    hits++;
    sum += hits / (r + 1);
  }
  return sum / relevant.size;
}

/** The four reported metrics averaged over users, with the number of users averaged. */
export interface RankingMetrics {
  map: number;
  ndcg: number;
  precision: number;
  recall: number;
  users: number;
}

/**
 * Averages the metrics over every user with at least one relevant item; `lists(u)` is user u's ranked list.
 * Users without relevant items are not counted, whatever was recommended to them.
 */
export function averageMetrics(
  relevantByUser: ReadonlyArray<ReadonlySet<number>>,
  lists: (user: number) => ArrayLike<number>,
  k: number,
): RankingMetrics {
  const sum = { map: 0, ndcg: 0, precision: 0, recall: 0, users: 0 };
  relevantByUser.forEach((relevant, u) => {
    if (relevant.size === 0) return;
    const list = lists(u);
    sum.map += averagePrecisionAtK(list, relevant, k);
    sum.ndcg += ndcgAtK(list, relevant, k);
    sum.precision += precisionAtK(list, relevant, k);
    sum.recall += recallAtK(list, relevant, k);
    sum.users++;
  });
  const n = Math.max(sum.users, 1);
  return { map: sum.map / n, ndcg: sum.ndcg / n, precision: sum.precision / n, recall: sum.recall / n, users: sum.users };
}
