import type { Csr } from './interactions';

/** The training part of a holdout split and, per user, the held-out items (empty for users kept whole). */
export interface HoldoutSplit {
  train: Csr;
  trainTimes: Float64Array;
  relevant: Array<Set<number>>;
  heldOut: number;
}

/** Users need at least this many items before any is held out (so each keeps ≥ 2 to learn from). */
export const MIN_ITEMS_FOR_HOLDOUT = 3;

/**
 * Per user, holds out the latest max(1, round(fraction · n)) of their n items (by latest event time, ties by the
 * larger column) — a "what did they touch next" test. Users with fewer than MIN_ITEMS_FOR_HOLDOUT items, and
 * every user when fraction is 0, are kept whole and not evaluated.
 */
export function splitHoldout(csr: Csr, times: Float64Array, fraction: number): HoldoutSplit {
  const nUsers = csr.indptr.length - 1;
  const keep = new Uint8Array(csr.indices.length).fill(1);
  const relevant: Array<Set<number>> = [];
  let heldOut = 0;
  for (let u = 0; u < nUsers; u++) {
    const start = csr.indptr[u];
    const n = csr.indptr[u + 1] - start;
    const set = new Set<number>();
    if (fraction > 0 && n >= MIN_ITEMS_FOR_HOLDOUT) {
      const order = Array.from({ length: n }, (_, j) => start + j);
      order.sort((a, b) => times[b] - times[a] || csr.indices[b] - csr.indices[a]);
      for (const p of order.slice(0, Math.max(1, Math.round(fraction * n)))) {
        keep[p] = 0;
        set.add(csr.indices[p]);
      }
      heldOut += set.size;
    }
    relevant.push(set);
  }
  const kept = csr.indices.length - heldOut;
  const train: Csr = {
    indptr: new Int32Array(nUsers + 1),
    indices: new Int32Array(kept),
    values: new Float32Array(kept),
    nItems: csr.nItems,
  };
  const trainTimes = new Float64Array(kept);
  let q = 0;
  for (let u = 0; u < nUsers; u++) {
    for (let p = csr.indptr[u]; p < csr.indptr[u + 1]; p++) {
      if (!keep[p]) continue;
      train.indices[q] = csr.indices[p];
      train.values[q] = csr.values[p];
      trainTimes[q++] = times[p];
    }
    train.indptr[u + 1] = q;
  }
  return { train, trainTimes, relevant, heldOut };
}
