// Internal: the block-wise row primitives k-means and its initialisation share. Every reduction runs per block of
// kRowBlock rows and the blocks are summed in block order, so results do not depend on the thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "aisle/kmeans.h"
#include "aisle/thread_pool.h"

namespace aisle::cpu {

constexpr std::size_t kRowBlock = 2048;

inline std::size_t row_blocks(std::size_t n) { return (n + kRowBlock - 1) / kRowBlock; }

/// Runs fn(block, begin, end) for every block of rows, in parallel, one block per task.
template <typename Fn>
void for_each_block(std::size_t n, ThreadPool& pool, Fn&& fn) {
  pool.parallel_for(0, row_blocks(n), 1, [&](std::size_t b0, std::size_t b1) {
    for (std::size_t b = b0; b < b1; ++b) fn(b, b * kRowBlock, std::min(n, (b + 1) * kRowBlock));
  });
}

/// The k × d centres transposed to d × k, so distances to all centres vectorise over the centre index.
inline std::vector<float> transpose_centres(const float* c, std::size_t k, std::size_t d) {
  std::vector<float> t(k * d);
  for (std::size_t j = 0; j < k; ++j)
    for (std::size_t f = 0; f < d; ++f) t[f * k + j] = c[j * d + f];
  return t;
}

/// out[j] = ‖x − c_j‖² for the k centres given transposed (d × k), accumulated feature by feature in float.
inline void squared_distances(const float* x, const float* ct, std::size_t d, std::size_t k, float* out) {
  for (std::size_t j = 0; j < k; ++j) out[j] = 0.0f;
  for (std::size_t f = 0; f < d; ++f) {
    const float xv = x[f];
    const float* c = ct + f * k;
    for (std::size_t j = 0; j < k; ++j) {
      const float diff = xv - c[j];
      out[j] += diff * diff;
    }
  }
}

/// ‖a − b‖² over d features, in float.
inline float squared_distance(const float* a, const float* b, std::size_t d) {
  float s = 0.0f;
  for (std::size_t f = 0; f < d; ++f) {
    const float diff = a[f] - b[f];
    s += diff * diff;
  }
  return s;
}

/// Greedy k-means++ (see kmeans.h): k × d initial centres drawn with mulberry32(seed).
std::vector<float> kmeans_plus_plus(const DenseRowsView& x, std::size_t k, std::uint32_t seed, ThreadPool& pool);

}  // namespace aisle::cpu
