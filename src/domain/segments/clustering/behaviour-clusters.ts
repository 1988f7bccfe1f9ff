import { kmeans, seededRandom, silhouette } from '../../../compute';
import { BadUserInputError } from '../../common/errors';

/** A numeric table to cluster: n rows × the named columns, in original units. */
export interface ClusterInput {
  ids: string[];
  columns: readonly string[];
  /** n × columns.length, original units (what descriptions report). */
  values: Float32Array;
  /** Per row, the money it brought (revenue share per cluster). */
  revenue: Float64Array;
  /** Columns clustered on log1p scale before standardising (skewed counts and amounts). */
  logColumns?: readonly string[];
  /** Per-column weight applied after standardising (default 1): how much a column may move a customer. */
  weights?: Readonly<Record<string, number>>;
}

/** One cluster as a BI user reads it. */
export interface ClusterDescription {
  cluster: number;
  name: string;
  size: number;
  share: number;
  revenueShare: number;
  /** Column means in original units. */
  centroid: Record<string, number>;
}

export interface Clustering {
  k: number;
  silhouette: number;
  /** Silhouette of every k tried (when k was chosen). */
  tried: Array<{ k: number; silhouette: number; inertia: number }>;
  labels: Int32Array;
  clusters: ClusterDescription[];
}

/** Standardised copy (z-scores, log1p first where asked, then weighted); constant columns become 0. */
export function standardise(input: ClusterInput): Float32Array {
  const n = input.ids.length;
  const d = input.columns.length;
  const out = new Float32Array(n * d);
  const col = new Float64Array(n);
  for (let j = 0; j < d; j++) {
    const log = input.logColumns?.includes(input.columns[j]) ?? false;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = input.values[i * d + j];
      col[i] = log ? Math.log1p(Math.max(0, v)) : v;
      sum += col[i];
    }
    const mean = sum / Math.max(1, n);
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (col[i] - mean) ** 2;
    const sd = Math.sqrt(squares / Math.max(1, n));
    const weight = input.weights?.[input.columns[j]] ?? 1;
    for (let i = 0; i < n; i++) out[i * d + j] = sd > 0 ? (weight * (col[i] - mean)) / sd : 0;
  }
  return out;
}

/** Describes clusters in original units and names them from their recency, frequency and value against the whole. */
export function describeClusters(input: ClusterInput, labels: Int32Array, k: number): ClusterDescription[] {
  const d = input.columns.length;
  const n = input.ids.length;
  const sums = Array.from({ length: k }, () => new Float64Array(d));
  const sizes = new Float64Array(k);
  const revenue = new Float64Array(k);
  const overall = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    sizes[c]++;
    revenue[c] += input.revenue[i];
    for (let j = 0; j < d; j++) {
      sums[c][j] += input.values[i * d + j];
      overall[j] += input.values[i * d + j] / n;
    }
  }
  const totalRevenue = revenue.reduce((s, v) => s + Math.max(0, v), 0) || 1;
  return Array.from({ length: k }, (_, c) => {
    const centroid = Object.fromEntries(input.columns.map((name, j) => [name, Number((sums[c][j] / Math.max(1, sizes[c])).toFixed(3))]));
    return {
      cluster: c,
      name: clusterName(centroid, Object.fromEntries(input.columns.map((name, j) => [name, overall[j]]))),
      size: sizes[c],
      share: Number((sizes[c] / Math.max(1, n)).toFixed(4)),
      revenueShare: Number((Math.max(0, revenue[c]) / totalRevenue).toFixed(4)),
      centroid,
    };
  });
}

/** "Recent high-value frequent buyers", "Lapsed low-value one-off buyers", … from the columns present. */
export function clusterName(centroid: Record<string, number>, overall: Record<string, number>): string {
  const rel = (key: string) => (key in centroid && overall[key] > 0 ? centroid[key] / overall[key] : 1);
  const parts: string[] = [];
  const recency = rel('recency_days');
  parts.push(recency < 0.6 ? 'Recent' : recency > 1.6 ? 'Lapsed' : 'Steady');
  const value = rel('monetary');
  parts.push(value > 1.8 ? 'high-value' : value < 0.5 ? 'low-value' : 'mid-value');
  const frequency = rel('frequency');
  parts.push(frequency > 1.8 ? 'frequent buyers' : frequency < 0.6 ? 'one-off buyers' : 'occasional buyers');
  const returns = rel('return_rate');
  let name = returns > 2 && (centroid.return_rate ?? 0) > 0.1 ? `${parts.join(' ')} who return a lot` : parts.join(' ');
  // the category this cluster leans to most, when it clearly does (share columns are named `share:<category>`)
  const leaning = Object.keys(centroid).filter((k) => k.startsWith('share:')).map((k) => ({ k, r: rel(k) })).sort((a, b) => b.r - a.r)[0];
  if (leaning && leaning.r > 1.5) name += `, mostly ${leaning.k.slice('share:'.length)}`;
  return name;
}

/** Rows the reported silhouette is computed on (exact below it, a seeded sample above; it costs O(sample²)). */
export const SILHOUETTE_SAMPLE = 10_000;
/** Above SILHOUETTE_SAMPLE rows, each candidate k is ranked on a sample this size: a sixth of the pairs. */
export const SILHOUETTE_CHOICE_SAMPLE = 4_000;

/**
 * Above this many rows, k-means is fitted (and k chosen) on a seeded stratified sample and every row assigned after.
 * 20,000 rows of 16 columns pin k ≤ 8 centroids down: on the million-customer bench shop the labels agree with a
 * 50,000-row fit at ARI 0.89 (same silhouette, ±0.01), in two thirds of the time.
 */
export const CLUSTER_FIT_SAMPLE = 20_000;

/**
 * One row drawn (seeded) from each of m equal strata of the table: the same sample on every run for a seed, spread
 * over the whole table, and not fooled by a table whose rows repeat with the stride's period.
 */
function stratifiedSample(data: Float32Array, n: number, d: number, m: number, seed: number): Float32Array {
  const out = new Float32Array(m * d);
  const random = seededRandom(seed);
  for (let i = 0; i < m; i++) {
    const u = random();
    const from = Math.floor((i * n) / m);
    const row = from + Math.floor(u * (Math.floor(((i + 1) * n) / m) - from));
    out.set(data.subarray(row * d, (row + 1) * d), i * d);
  }
  return out;
}

/** Each row's nearest centroid (lowest index on ties, as the addon's kmeans labels). */
export function assignNearest(data: Float32Array, n: number, d: number, centroids: Float32Array, k: number): Int32Array {
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDist = Infinity;
    for (let c = 0; c < k; c++) {
      let dist = 0;
      for (let j = 0; j < d; j++) {
        const diff = data[i * d + j] - centroids[c * d + j];
        dist += diff * diff;
      }
      if (dist < bestDist) [best, bestDist] = [c, dist];
    }
    labels[i] = best;
  }
  return labels;
}

export interface ClusterOptions {
  k?: number;
  maxK?: number;
  seed?: number;
  /** Fit on at most this many rows (one seeded row per stratum), then assign every row to its nearest centroid (default 20,000). */
  fitSample?: number;
}

/**
 * k-means (k-means++, 4 restarts, in the addon) on standardised columns. Without `k`, every k in 2..maxK is tried
 * and the best silhouette wins (exact up to 10,000 rows; above, each k is ranked on a seeded 4,000-row sample and
 * the chosen k's silhouette reported on a 10,000-row one). Above `fitSample` rows
 * the fits and the choice of k run on a seeded stratified sample, and every row then joins its nearest fitted centroid:
 * 7 × 4 k-means runs over a million rows would take minutes, one assignment pass takes a fraction of a second.
 */
export async function clusterBehaviour(input: ClusterInput, options: ClusterOptions = {}): Promise<Clustering> {
  const n = input.ids.length;
  const d = input.columns.length;
  const maxK = Math.min(options.maxK ?? 8, n - 1);
  if (options.k !== undefined && (!Number.isInteger(options.k) || options.k < 2 || options.k > Math.max(2, n - 1))) {
    throw new BadUserInputError('k', `must be an integer between 2 and ${Math.max(2, n - 1)} (got ${options.k})`);
  }
  const fitSample = options.fitSample ?? CLUSTER_FIT_SAMPLE;
  if (!Number.isInteger(fitSample) || fitSample < 3) throw new BadUserInputError('fitSample', `must be an integer ≥ 3 (got ${fitSample})`);
  if (n < 3) throw new BadUserInputError('customers', `clustering needs at least 3 customers (got ${n})`);
  const data = standardise(input);
  const seed = options.seed ?? 42;
  const m = Math.min(n, fitSample);
  const fitData = m < n ? stratifiedSample(data, n, d, m, seed) : data;
  const ks = options.k !== undefined ? [options.k] : Array.from({ length: Math.max(1, maxK - 1) }, (_, i) => i + 2);
  const tried: Clustering['tried'] = [];
  let best: { k: number; silhouette: number; labels: Int32Array; centroids: Float32Array } | null = null;
  const choosing = ks.length > 1 && m > SILHOUETTE_SAMPLE ? SILHOUETTE_CHOICE_SAMPLE : SILHOUETTE_SAMPLE;
  for (const k of ks) {
    const result = await kmeans({ data: fitData, n: m, d, k, restarts: 4, seed });
    const s = await silhouette({ data: fitData, n: m, d, labels: result.labels, k, sampleSize: choosing, seed });
    tried.push({ k, silhouette: Number(s.toFixed(4)), inertia: Number(result.inertia.toFixed(2)) });
    if (!best || s > best.silhouette) best = { k, silhouette: s, labels: result.labels, centroids: result.centroids };
  }
  if (choosing < SILHOUETTE_SAMPLE) {
    // the reported silhouette of the chosen k on the larger sample: comparable with runs that were given k
    best!.silhouette = await silhouette({ data: fitData, n: m, d, labels: best!.labels, k: best!.k, sampleSize: SILHOUETTE_SAMPLE, seed });
  }
  const labels = m < n ? assignNearest(data, n, d, best!.centroids, best!.k) : best!.labels;
  return {
    k: best!.k,
    silhouette: Number(best!.silhouette.toFixed(4)),
    tried,
    labels,
    clusters: describeClusters(input, labels, best!.k),
  };
}
