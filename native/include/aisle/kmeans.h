// k-means (k-means++ initialisation, restarts, Lloyd iterations) and the silhouette coefficient, over dense
// float32 rows. Both are parallel over rows and reduce per fixed-size block in block order, so results depend on
// the seed and never on the thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "aisle/dense_rows.h"

namespace aisle {

class ThreadPool;

struct KMeansParams {
  std::size_t k = 8;                 ///< clusters, 1 <= k <= n
  std::size_t restarts = 4;          ///< independent k-means++ starts; the lowest inertia wins
  std::size_t max_iterations = 100;  ///< Lloyd iterations per start
  /// Convergence: stop when Σ‖c_new − c_old‖² <= tolerance × (mean per-feature variance of the data), the
  /// scale-free rule scikit-learn uses; also stops as soon as no label changes.
  double tolerance = 1e-4;
  std::uint32_t seed = 42;
};

struct KMeansResult {
  std::vector<float> centroids;       ///< k × d row-major
  std::vector<std::int32_t> labels;   ///< n, each in [0, k): the nearest centroid (lowest index on ties)
  double inertia = 0;                 ///< Σ squared distance of each row to its centroid
  std::size_t iterations = 0;         ///< Lloyd iterations of the winning start
};

/**
 * Runs `restarts` starts, each a greedy k-means++ initialisation (2 + ⌊ln k⌋ D²-sampled candidates per centre,
 * the one lowering the potential most is kept, as scikit-learn does) followed by Lloyd iterations, and keeps the
 * start with the lowest inertia (the first on ties). Start r draws from mulberry32(seed + r·0x9E3779B9). A
 * cluster left empty by an assignment step takes the row farthest from its centroid (empty-cluster repair).
 * Labels and inertia are those of a final assignment to the returned centroids. Throws std::invalid_argument
 * for k = 0, k > n or d = 0.
 */
KMeansResult kmeans(const DenseRowsView& x, const KMeansParams& params, ThreadPool& pool);

/// Lloyd iterations only, from the given k × d initial centroids (params.restarts and params.seed unused): the
/// step the reference implementation is compared against.
KMeansResult kmeans_from(const DenseRowsView& x, const std::vector<float>& init, const KMeansParams& params,
                         ThreadPool& pool);

/**
 * Mean silhouette coefficient s(i) = (b − a) / max(a, b), a = mean Euclidean distance to the other members of
 * i's cluster, b = the lowest mean distance to another cluster's members; s(i) = 0 for a singleton cluster. Exact
 * (O(n²·d)) when n <= sample_size; otherwise the silhouette of sample_size rows drawn without replacement by
 * mulberry32(seed), distances within the sample only (scikit-learn's sample_size). Returns 0 when fewer than two
 * clusters are present. Labels must lie in [0, k).
 */
double silhouette(const DenseRowsView& x, const std::int32_t* labels, std::size_t k, std::size_t sample_size,
                  std::uint32_t seed, ThreadPool& pool);

}  // namespace aisle
