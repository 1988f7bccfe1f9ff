/** Arguments of kmeans(): n × d rows (row-major) and the clustering settings. */
export interface KMeansInput {
  /** n × d row-major values, all finite. */
  data: Float32Array;
  n: number;
  d: number;
  /** Clusters, 1 ≤ k ≤ n. */
  k: number;
  /** Independent k-means++ starts; the lowest inertia wins (default 4). */
  restarts?: number;
  /** Lloyd iterations per start (default 100). */
  maxIterations?: number;
  /** Stop when Σ‖Δcentroid‖² ≤ tolerance × mean per-feature variance (default 1e-4); also when no label changes. */
  tolerance?: number;
  /** Seeds the k-means++ draws (default 42); the result never depends on the thread count. */
  seed?: number;
  /** Optional k × d initial centroids: one Lloyd run from them instead of k-means++ restarts. */
  init?: Float32Array;
}

/** A clustering: centroids, each row's label, the within-cluster sum of squares and the iterations run. */
export interface KMeansResult {
  /** k × d row-major. */
  centroids: Float32Array;
  /** n labels in [0, k): each row's nearest centroid (lowest index on ties). */
  labels: Int32Array;
  /** Σ squared Euclidean distance of each row to its centroid. */
  inertia: number;
  /** Lloyd iterations (centroid updates) of the winning start. */
  iterations: number;
}

/** Arguments of silhouette(). */
export interface SilhouetteInput {
  data: Float32Array;
  n: number;
  d: number;
  /** n labels in [0, k). */
  labels: Int32Array;
  k: number;
  /** Exact up to this many rows; above it, the silhouette of this many rows drawn with `seed` (default 10,000). */
  sampleSize?: number;
  seed?: number;
}
