import { alsFoldIn, scoreTopK, topK, type EaseModel, type ItemKnnModel } from '../../../compute';

/** Model-item indices and scores of one ranked list, best first. */
export interface Candidates {
  ids: Int32Array;
  scores: Float32Array;
  count: number;
}

/** A user's live history in a model's item space: item indices ascending, positive weights. */
export interface HistoryVector {
  items: Int32Array;
  values: Float32Array;
}

/** What a request may return: allow flags over the model's items and item indices to skip. */
export interface Eligibility {
  allow: Uint8Array;
  exclude: Int32Array;
}

/** How one kind of model ranks; every method runs its arithmetic in the addon, off the event loop. */
export interface Scorer {
  /** The k best eligible items for a history (and the user's trained row, −1 when the model never saw them). */
  recommend(history: HistoryVector, userRow: number, k: number, eligible: Eligibility): Promise<Candidates>;
  /** The k eligible items most like `item` (never itself); null when the kind has no item similarity. */
  similar(item: number, k: number, allow: Uint8Array): Promise<Candidates | null>;
  /** How much history item i contributes to item j's score (the `because` of a recommendation). */
  contribution(i: number, j: number): number;
}

function candidates(out: { ids: Int32Array; scores: Float32Array; counts: Int32Array }): Candidates {
  return { ids: out.ids, scores: out.scores, count: out.counts[0] };
}

function oneRowExclusions(exclude: Int32Array) {
  return { excludeOffsets: Int32Array.of(0, exclude.length), excludeIds: exclude };
}

/** Rows scaled to unit length (zero rows stay zero): cosine similarity becomes a dot product for topK. */
export function unitRows(m: Float32Array, d: number): Float32Array {
  const out = new Float32Array(m.length);
  for (let r = 0; r < m.length; r += d) {
    let norm = 0;
    for (let f = 0; f < d; f++) norm += m[r + f] * m[r + f];
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let f = 0; f < d; f++) out[r + f] = m[r + f] * scale;
  }
  return out;
}

/** YᵀY in float64, what fold-in needs; computed once per loaded model. */
export function gram(items: Float32Array, d: number): Float64Array {
  const g = new Float64Array(d * d);
  for (let r = 0; r < items.length; r += d) {
    for (let a = 0; a < d; a++) {
      const ya = items[r + a];
      if (ya === 0) continue;
      for (let b = a; b < d; b++) g[a * d + b] += ya * items[r + b];
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) g[a * d + b] = g[b * d + a];
  return g;
}

/** What a factor model (ALS, BPR) is served from. */
export interface FactorArrays {
  d: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  itemBias?: Float32Array;
  /** ALS's training regularisation and confidence scale; fold-in must use the same. */
  regularization: number;
  alpha: number;
  /** ALS folds every request in from the live history; BPR uses its trained row when it has one. */
  foldInAlways: boolean;
}

/**
 * ALS / BPR: the user vector is solved from the live history (iALS fold-in: one d×d solve, so new events count at
 * once and users unknown to the model are served too), then scored against the item factors in place.
 */
export function factorScorer(a: FactorArrays): Scorer {
  const itemGram = gram(a.itemFactors, a.d);
  const unit = unitRows(a.itemFactors, a.d);
  const foldIn = (h: HistoryVector) =>
    alsFoldIn(a.itemFactors, h.items, h.values, { factors: a.d, regularization: a.regularization, alpha: a.alpha, itemGram });
  return {
    async recommend(history, userRow, k, eligible) {
      const trained = !a.foldInAlways && userRow >= 0;
      const user = trained ? a.userFactors.subarray(userRow * a.d, (userRow + 1) * a.d) : await foldIn(history);
      const out = await topK({
        queries: user, items: a.itemFactors, d: a.d, k, allow: eligible.allow, bias: a.itemBias,
        ...oneRowExclusions(eligible.exclude),
      });
      return candidates(out);
    },
    async similar(item, k, allow) {
      const query = unit.subarray(item * a.d, (item + 1) * a.d);
      const out = await topK({ queries: query, items: unit, d: a.d, k, allow, ...oneRowExclusions(Int32Array.of(item)) });
      return candidates(out);
    },
    contribution(i, j) {
      let dot = 0;
      for (let f = 0; f < a.d; f++) dot += unit[i * a.d + f] * unit[j * a.d + f];
      return dot;
    },
  };
}

/** EASE / item-kNN: the live history is the query row itself, so every event counts at once. */
export function itemItemScorer(model: EaseModel | ItemKnnModel): Scorer {
  const n = model.items;
  const oneRow = (h: HistoryVector) => ({ indptr: Int32Array.of(0, h.items.length), indices: h.items, values: h.values, nItems: n });
  return {
    async recommend(history, _userRow, k, eligible) {
      const out = await scoreTopK({
        users: oneRow(history), model, k, excludeOwn: false, allow: eligible.allow, ...oneRowExclusions(eligible.exclude),
      });
      return candidates(out);
    },
    async similar(item, k, allow) {
      const users = oneRow({ items: Int32Array.of(item), values: Float32Array.of(1) });
      const out = await scoreTopK({ users, model, k, excludeOwn: true, allow });
      const count = out.counts[0];
      // an item-kNN row ranks only its neighbours; unreached items tie at 0 and are not "similar"
      let kept = 0;
      while (kept < count && out.scores[kept] > 0) kept++;
      return { ids: out.ids, scores: out.scores, count: kept };
    },
    contribution(i, j) {
      if ('weights' in model) return model.weights[i * n + j];
      for (let p = model.offsets[i]; p < model.offsets[i + 1]; p++) if (model.ids[p] === j) return model.values[p];
      return 0;
    },
  };
}

/** Popularity: the same list for everyone, filtered inside the top-K. */
export function popularityScorer(scores: Float32Array): Scorer {
  return {
    async recommend(_history, _userRow, k, eligible) {
      const out = await topK({ queries: Float32Array.of(1), items: scores, d: 1, k, allow: eligible.allow, ...oneRowExclusions(eligible.exclude) });
      return candidates(out);
    },
    async similar() {
      return null;
    },
    contribution() {
      return 0;
    },
  };
}
