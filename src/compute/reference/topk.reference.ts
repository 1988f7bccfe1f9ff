import { nonFiniteError, validateTopKInput } from '../topk.validation';
import type { TopKInput, TopKResult } from '../topk.types';

/**
 * The readable definition of top-K that the native kernel is tested against: same validation, same messages,
 * same eligibility, order and padding. Scores are dot products accumulated in float64 and rounded to float32
 * once, so they match the native float32 kernels to rounding (ids match exactly unless two scores are within
 * rounding of each other). Synchronous and slow (O(nq × ni × d) on the event loop): for tests and baselines only.
 */
export function topKReference(input: TopKInput): TopKResult {
  const { nq, ni, d, k } = validateTopKInput('topK', input);
  const notFinite = nonFiniteError('topK', input);
  if (notFinite) throw notFinite;
  const ids = new Int32Array(nq * k).fill(-1);
  const scores = new Float32Array(nq * k).fill(NaN);
  const counts = new Int32Array(nq);
  for (let q = 0; q < nq; q++) {
    const hits = eligibleHits(input, q, ni, d);
    hits.sort((a, b) => b.score - a.score || a.id - b.id);
    counts[q] = Math.min(k, hits.length);
    for (let r = 0; r < counts[q]; r++) {
      ids[q * k + r] = hits[r].id;
      scores[q * k + r] = hits[r].score;
    }
  }
  return { nq, k, ids, scores, counts };
}

interface Hit {
  id: number;
  score: number;
}

/** Every item query q may return, with its score; NaN scores (float32 overflow) are not eligible. */
function eligibleHits(input: TopKInput, q: number, ni: number, d: number): Hit[] {
  const { queries, items, allow, bias, excludeOffsets, excludeIds } = input;
  const excluded = new Set<number>();
  if (excludeOffsets && excludeIds) {
    for (let i = excludeOffsets[q]; i < excludeOffsets[q + 1]; i++) excluded.add(excludeIds[i]);
  }
  const hits: Hit[] = [];
  for (let id = 0; id < ni; id++) {
    if (excluded.has(id) || (allow && allow[id] === 0)) continue;
    let dot = 0;
    for (let i = 0; i < d; i++) dot += queries[q * d + i] * items[id * d + i];
    const score = Math.fround(dot + (bias ? bias[id] : 0));
    if (!Number.isNaN(score)) hits.push({ id, score });
  }
  return hits;
}
