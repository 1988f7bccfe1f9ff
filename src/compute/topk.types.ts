/** Which scoring kernel to use: `auto` (the best this CPU supports) or `scalar` (portable; tests and benches). */
export type TopKKernel = 'auto' | 'scalar';

/**
 * A batch of top-K-by-dot-product queries. Vectors are row-major float32: `queries` is nq × d, `items` ni × d,
 * and nq, ni follow from the lengths. Arrays are read in place, not copied: do not write to them or transfer
 * them while the call is pending.
 */
export interface TopKInput {
  queries: Float32Array;
  items: Float32Array;
  /** Vector length (factors), >= 1. */
  d: number;
  /** Results per query, >= 1; a query with fewer eligible items returns fewer (the rest is padding). */
  k: number;
  /** Per-query exclusion lists as CSR: query q excludes excludeIds[excludeOffsets[q] .. excludeOffsets[q+1]). */
  excludeOffsets?: Int32Array;
  excludeIds?: Int32Array;
  /** ni flags; an item whose flag is 0 is never returned (e.g. out of stock). */
  allow?: Uint8Array;
  /** ni values added to each item's score (e.g. a popularity prior). */
  bias?: Float32Array;
  kernel?: TopKKernel;
}

/**
 * Results row by row: query q's hits are ids[q*k .. q*k + counts[q]) with their scores, best first — score
 * descending, ties by smaller item id — so every run (any thread count, any kernel up to float rounding) gives
 * the same order. Slots past counts[q] hold id -1 and score NaN (NaN, because -Infinity can be a real score).
 */
export interface TopKResult {
  nq: number;
  k: number;
  ids: Int32Array;
  scores: Float32Array;
  counts: Int32Array;
}
