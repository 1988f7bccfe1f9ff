import type { InteractionCsr } from '../interactions.types';
import type { EaseModel, ItemItemModel, ItemKnnModel, ScoreTopKInput, ScoreTopKResult } from '../item-models.types';

/**
 * Readable definitions of the item-model kernels that the native ones are tested against. Synchronous, float64,
 * O(items³) or worse: for tests on small matrices only. They assume valid input (the native wrappers validate).
 */

/** XᵀX as a dense items × items float64 matrix. */
function gram(x: InteractionCsr): Float64Array {
  const n = x.nItems;
  const g = new Float64Array(n * n);
  for (let u = 0; u + 1 < x.indptr.length; u++) {
    for (let p = x.indptr[u]; p < x.indptr[u + 1]; p++) {
      for (let q = x.indptr[u]; q < x.indptr[u + 1]; q++) g[x.indices[p] * n + x.indices[q]] += x.values[p] * x.values[q];
    }
  }
  return g;
}

/** The inverse of an n × n matrix by Gauss-Jordan elimination with partial pivoting. */
export function invertReference(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[pivot * n + c])) pivot = r;
    for (let j = 0; j < n; j++) {
      [m[c * n + j], m[pivot * n + j]] = [m[pivot * n + j], m[c * n + j]];
      [inv[c * n + j], inv[pivot * n + j]] = [inv[pivot * n + j], inv[c * n + j]];
    }
    const d = m[c * n + c];
    for (let j = 0; j < n; j++) {
      m[c * n + j] /= d;
      inv[c * n + j] /= d;
    }
    for (let r = 0; r < n; r++) {
      const f = m[r * n + c];
      if (r === c || f === 0) continue;
      for (let j = 0; j < n; j++) {
        m[r * n + j] -= f * m[c * n + j];
        inv[r * n + j] -= f * inv[c * n + j];
      }
    }
  }
  return inv;
}

/** EASE by the book: P = (XᵀX + λI)⁻¹, B[i, j] = −P[i, j] / P[j, j] off the diagonal, 0 on it. */
export function trainEaseReference(x: InteractionCsr, lambda: number): EaseModel {
  const n = x.nItems;
  const g = gram(x);
  for (let i = 0; i < n; i++) g[i * n + i] += lambda;
  const p = invertReference(g, n);
  const weights = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) weights[i * n + j] = i === j ? 0 : -p[i * n + j] / p[j * n + j];
  }
  return { items: n, weights };
}

/** Item-kNN by the book: all pairwise shrunk cosines, each item's best `neighbors` with sim > 0. */
export function trainItemKnnReference(x: InteractionCsr, neighbors: number, shrink = 0): ItemKnnModel {
  const n = x.nItems;
  const g = gram(x);
  const offsets = new Int32Array(n + 1);
  const ids: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const hits: Array<{ id: number; sim: number }> = [];
    for (let j = 0; j < n; j++) {
      if (j === i || g[i * n + j] === 0) continue;
      const sim = Math.fround(g[i * n + j] / (Math.sqrt(g[i * n + i]) * Math.sqrt(g[j * n + j]) + shrink));
      if (sim > 0) hits.push({ id: j, sim });
    }
    hits.sort((a, b) => b.sim - a.sim || a.id - b.id);
    for (const h of hits.slice(0, neighbors)) {
      ids.push(h.id);
      values.push(h.sim);
    }
    offsets[i + 1] = ids.length;
  }
  return { items: n, offsets, ids: Int32Array.from(ids), values: Float32Array.from(values) };
}

/** Row i of W as a dense float64 vector. */
function modelRow(model: ItemItemModel, i: number): Float64Array {
  const n = model.items;
  if ('weights' in model) return Float64Array.from(model.weights.subarray(i * n, (i + 1) * n));
  const row = new Float64Array(n);
  for (let p = model.offsets[i]; p < model.offsets[i + 1]; p++) row[model.ids[p]] += model.values[p];
  return row;
}

/** Scores every item for every user, drops the user's own items (unless told not to), keeps the k best. */
export function scoreTopKReference(input: ScoreTopKInput): ScoreTopKResult {
  const { users: x, model, k } = input;
  const nu = x.indptr.length - 1;
  const n = model.items;
  const ids = new Int32Array(nu * k).fill(-1);
  const scores = new Float32Array(nu * k).fill(NaN);
  const counts = new Int32Array(nu);
  for (let u = 0; u < nu; u++) {
    const s = new Float64Array(n);
    const own = new Set<number>();
    const excluded = new Set<number>();
    if (input.excludeOffsets && input.excludeIds) {
      for (let p = input.excludeOffsets[u]; p < input.excludeOffsets[u + 1]; p++) excluded.add(input.excludeIds[p]);
    }
    for (let p = x.indptr[u]; p < x.indptr[u + 1]; p++) {
      own.add(x.indices[p]);
      const row = modelRow(model, x.indices[p]);
      for (let j = 0; j < n; j++) s[j] += x.values[p] * row[j];
    }
    const hits: Array<{ id: number; score: number }> = [];
    for (let j = 0; j < n; j++) {
      const eligible = !((input.excludeOwn ?? true) && own.has(j)) && !excluded.has(j) && (input.allow?.[j] ?? 1) !== 0;
      if (eligible) hits.push({ id: j, score: Math.fround(s[j]) });
    }
    hits.sort((a, b) => b.score - a.score || a.id - b.id);
    counts[u] = Math.min(k, hits.length);
    for (let r = 0; r < counts[u]; r++) {
      ids[u * k + r] = hits[r].id;
      scores[u * k + r] = hits[r].score;
    }
  }
  return { users: nu, k, ids, scores, counts };
}
