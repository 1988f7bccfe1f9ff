import { nativeExports } from './addon';
import { withCallerStack } from './caller-stack';
import type { KMeansInput, KMeansResult, SilhouetteInput } from './kmeans.types';
import {
  resolveKMeansArgs, resolveSilhouetteArgs, type NativeKMeansArgs, type NativeSilhouetteArgs,
} from './kmeans.validation';

/** The addon's clustering exports (native/binding/clustering_binding.cc), declared beside their only caller. */
interface ClusteringNative {
  kmeans(args: NativeKMeansArgs): Promise<KMeansResult>;
  silhouette(args: NativeSilhouetteArgs): Promise<number>;
}

const native = () => nativeExports<ClusteringNative>();

/**
 * k-means over n × d rows: `restarts` greedy k-means++ starts (start r seeded with seed + r·0x9E3779B9), Lloyd
 * iterations parallel over row blocks, empty clusters refilled with the farthest row, the lowest-inertia start
 * kept. Deterministic for a seed whatever the thread count. With `init`, one Lloyd run from those centroids.
 * Messages read "kmeans: <name> must be <expected> (got <got>)"; errors carry the caller's stack.
 */
export async function kmeans(input: KMeansInput): Promise<KMeansResult> {
  const caller = new Error('kmeans');
  const args = resolveKMeansArgs('kmeans', input);
  try {
    return await native().kmeans(args);
  } catch (error) {
    throw withCallerStack(error as Error, caller);
  }
}

/**
 * Mean silhouette coefficient of a labelling (Euclidean): exact (O(n²·d)) up to `sampleSize` rows, above that
 * the silhouette of `sampleSize` rows drawn with `seed`. Singletons score 0; fewer than two clusters give 0.
 */
export async function silhouette(input: SilhouetteInput): Promise<number> {
  const caller = new Error('silhouette');
  const args = resolveSilhouetteArgs('silhouette', input);
  try {
    return await native().silhouette(args);
  } catch (error) {
    throw withCallerStack(error as Error, caller);
  }
}
