import { kmeans, silhouette } from '../../../compute';
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
  for (let j = 0; j < d; j++) {
    const log = input.logColumns?.includes(input.columns[j]) ?? false;
    const col = Float64Array.from({ length: n }, (_, i) => {
      const v = input.values[i * d + j];
      return log ? Math.log1p(Math.max(0, v)) : v;
    });
    const mean = col.reduce((s, v) => s + v, 0) / Math.max(1, n);
    const sd = Math.sqrt(col.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, n));
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

/**
 * k-means (k-means++, 4 restarts, in the addon) on standardised columns. Without `k`, every k in 2..maxK is tried
 * and the best silhouette wins (exact up to 10,000 rows, a seeded 10,000-row sample above).
 */
export async function clusterBehaviour(input: ClusterInput, options: { k?: number; maxK?: number; seed?: number } = {}): Promise<Clustering> {
  const n = input.ids.length;
  const d = input.columns.length;
  const maxK = Math.min(options.maxK ?? 8, n - 1);
  if (options.k !== undefined && (!Number.isInteger(options.k) || options.k < 2 || options.k > Math.max(2, n - 1))) {
    throw new BadUserInputError('k', `must be an integer between 2 and ${Math.max(2, n - 1)} (got ${options.k})`);
  }
  if (n < 3) throw new BadUserInputError('customers', `clustering needs at least 3 customers (got ${n})`);
  const data = standardise(input);
  const seed = options.seed ?? 42;
  const ks = options.k !== undefined ? [options.k] : Array.from({ length: Math.max(1, maxK - 1) }, (_, i) => i + 2);
  const tried: Clustering['tried'] = [];
  let best: { k: number; silhouette: number; labels: Int32Array } | null = null;
  for (const k of ks) {
    const result = await kmeans({ data, n, d, k, restarts: 4, seed });
    const s = await silhouette({ data, n, d, labels: result.labels, k, sampleSize: 10_000, seed });
    tried.push({ k, silhouette: Number(s.toFixed(4)), inertia: Number(result.inertia.toFixed(2)) });
    if (!best || s > best.silhouette) best = { k, silhouette: s, labels: result.labels };
  }
  return {
    k: best!.k,
    silhouette: Number(best!.silhouette.toFixed(4)),
    tried,
    labels: best!.labels,
    clusters: describeClusters(input, best!.labels, best!.k),
  };
}
