// Internal: the block-wise row primitives k-means and its initialisation share. Every reduction runs per block of
// kRowBlock rows and the blocks are summed in block order, so results do not depend on the thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "aisle/kmeans.h"
#include "aisle/thread_pool.h"
#include "simd_clones.h"

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

/// Columns are handled 8 at a time (one AVX register, two SSE ones), so transposed widths are padded to this.
constexpr std::size_t kLanes = 8;

inline std::size_t padded(std::size_t width) { return (width + kLanes - 1) / kLanes * kLanes; }

/// The k × d centres transposed to d × padded(k) (pad columns 0), so distances vectorise over the centre index.
inline std::vector<float> transpose_centres(const float* c, std::size_t k, std::size_t d) {
  const std::size_t kp = padded(k);
  std::vector<float> t(d * kp, 0.0f);
  for (std::size_t j = 0; j < k; ++j)
    for (std::size_t f = 0; f < d; ++f) t[f * kp + j] = c[j * d + f];
  return t;
}

/**
 * out[r·width + j] = ‖x_r − col_j‖² for R rows of x (row-major, d features) against `width` columns (a multiple
 * of kLanes) of a transposed matrix ct (d rows of `stride` floats). Each sum runs over the features in order, in
 * float, whatever R is; R rows at once give R independent add chains, and the accumulators stay in registers
 * (summing into memory instead stalls on store-to-load forwarding every feature).
 */
template <std::size_t R>
inline void squared_distances_rows(const float* x, std::size_t d, const float* ct, std::size_t stride,
                                   std::size_t width, float* out) {
  // Written with explicit vectors because the auto-vectoriser picks the feature loop here and drowns in shuffles.
  for (std::size_t j0 = 0; j0 < width; j0 += kLanes) {
    Lanes8 acc[R] = {};
    for (std::size_t f = 0; f < d; ++f) {
      const Lanes8 c = load8(ct + f * stride + j0);
      for (std::size_t r = 0; r < R; ++r) {
        const Lanes8 diff = x[r * d + f] - c;
        acc[r] += diff * diff;
      }
    }
    for (std::size_t r = 0; r < R; ++r) store8(out + r * width + j0, acc[r]);
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
