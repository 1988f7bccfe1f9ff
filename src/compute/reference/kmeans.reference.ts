import { Mulberry32 } from './mulberry32';

/** The result of lloydReference, shaped like kmeans()'s. */
export interface LloydReferenceResult {
  centroids: Float32Array;
  labels: Int32Array;
  inertia: number;
  iterations: number;
}

/** Squared Euclidean distance between row i of `data` and centre j of `centres`, in float64. */
function squaredDistance(data: Float32Array, i: number, centres: Float32Array, j: number, d: number): number {
  let s = 0;
  for (let f = 0; f < d; f++) {
    const diff = data[i * d + f] - centres[j * d + f];
    s += diff * diff;
  }
  return s;
}

/** Each row's nearest centre (lowest index on ties) and its squared distance; returns the inertia and changes. */
function assign(data: Float32Array, n: number, d: number, centres: Float32Array, k: number,
  labels: Int32Array, dist: Float64Array): { inertia: number; changed: number } {
  let inertia = 0, changed = 0;
  for (let i = 0; i < n; i++) {
    let best = 0, bestDist = squaredDistance(data, i, centres, 0, d);
    for (let j = 1; j < k; j++) {
      const v = squaredDistance(data, i, centres, j, d);
      if (v < bestDist) { best = j; bestDist = v; }
    }
    if (labels[i] !== best) changed++;
    labels[i] = best;
    dist[i] = bestDist;
    inertia += bestDist;
  }
  return { inertia, changed };
}

/** Means of each cluster's rows; an empty cluster takes the row farthest from its centre (each row once). */
function update(data: Float32Array, n: number, d: number, old: Float32Array, k: number,
  labels: Int32Array, dist: Float64Array): Float32Array {
  const sum = new Float64Array(k * d), count = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    count[labels[i]]++;
    for (let f = 0; f < d; f++) sum[labels[i] * d + f] += data[i * d + f];
  }
  for (let j = 0; j < k; j++) {
    if (count[j] > 0) continue;
    let far = 0;
    for (let i = 1; i < n; i++) if (dist[i] > dist[far]) far = i;
    if (!(dist[far] > 0)) break;
    const from = labels[far];
    for (let f = 0; f < d; f++) {
      sum[from * d + f] -= data[far * d + f];
      sum[j * d + f] = data[far * d + f];
    }
    count[from]--; count[j] = 1;
    labels[far] = j;
    dist[far] = -1;
  }
  const next = Float32Array.from(old);
  for (let j = 0; j < k; j++) {
    if (count[j] > 0) for (let f = 0; f < d; f++) next[j * d + f] = sum[j * d + f] / count[j];
  }
  return next;
}

/** Mean per-feature variance of the rows. */
export function meanVariance(data: Float32Array, n: number, d: number): number {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) mean[f] += data[i * d + f];
  for (let f = 0; f < d; f++) mean[f] /= n;
  let s = 0;
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) s += (data[i * d + f] - mean[f]) ** 2;
  return s / (n * d);
}

/**
 * Lloyd's k-means from the given k × d initial centres, step for step as the native kernel: assign, stop when no
 * label changed, update (with empty-cluster repair), stop when Σ‖Δc‖² ≤ tolerance × mean variance; then a final
 * assignment gives the labels and inertia.
 */
export function lloydReference(data: Float32Array, n: number, d: number, init: Float32Array, k: number,
  options: { maxIterations?: number; tolerance?: number } = {}): LloydReferenceResult {
  const maxIterations = options.maxIterations ?? 100;
  const limit = (options.tolerance ?? 1e-4) * meanVariance(data, n, d);
  let centres: Float32Array = Float32Array.from(init);
  const labels = new Int32Array(n).fill(-1), dist = new Float64Array(n);
  let iterations = 0;
  for (let it = 0; it < maxIterations; it++) {
    const { changed } = assign(data, n, d, centres, k, labels, dist);
    if (it > 0 && changed === 0) break;
    const next = update(data, n, d, centres, k, labels, dist);
    let shift = 0;
    for (let e = 0; e < next.length; e++) shift += (next[e] - centres[e]) ** 2;
    centres = next;
    iterations++;
    if (shift <= limit) break;
  }
  const { inertia } = assign(data, n, d, centres, k, labels, dist);
  return { centroids: centres, labels, inertia, iterations };
}

/** The rows the sampled silhouette uses: a partial Fisher–Yates draw of sampleSize rows, sorted (as native). */
export function silhouetteRows(n: number, sampleSize: number, seed: number): number[] {
  const rows = Array.from({ length: n }, (_, i) => i);
  if (n <= sampleSize) return rows;
  const rng = new Mulberry32(seed);
  for (let i = 0; i < sampleSize; i++) {
    const j = i + rng.below(n - i);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows.slice(0, sampleSize).sort((a, b) => a - b);
}

/**
 * Mean silhouette coefficient by the definition (Rousseeuw 1987) over the given rows (default all): for each row,
 * a = mean distance to the rest of its cluster, b = lowest mean distance to another cluster, s = (b − a)/max(a, b);
 * singletons score 0, and fewer than two clusters give 0.
 */
export function silhouetteReference(data: Float32Array, d: number, labels: Int32Array, k: number, rows: number[]): number {
  const count = new Float64Array(k);
  for (const r of rows) count[labels[r]]++;
  if (Array.from(count).filter((c) => c > 0).length < 2) return 0;
  let total = 0;
  for (const i of rows) {
    const sums = new Float64Array(k);
    for (const j of rows) {
      let s = 0;
      for (let f = 0; f < d; f++) s += (data[i * d + f] - data[j * d + f]) ** 2;
      sums[labels[j]] += Math.sqrt(s);
    }
    const own = labels[i];
    if (count[own] < 2) continue;
    const a = sums[own] / (count[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && count[c] > 0) b = Math.min(b, sums[c] / count[c]);
    const scale = Math.max(a, b);
    total += scale > 0 ? (b - a) / scale : 0;
  }
  return total / rows.length;
}
