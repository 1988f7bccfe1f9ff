// The silhouette coefficient (Rousseeuw 1987), exact over all rows or over a seeded sample of them. Distances to
// every other row are computed against a transposed copy, so the inner loop vectorises over rows.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "aisle/kmeans.h"
#include "aisle/thread_pool.h"
#include "kmeans_rows.h"
#include "mulberry32.h"

namespace aisle {
namespace {

constexpr std::size_t kColumnBlock = 512;

/// The rows the coefficient is computed over: all of them, or sample_size drawn by a partial Fisher–Yates
/// shuffle with mulberry32(seed), then sorted (the reference draws them the same way).
std::vector<std::size_t> chosen_rows(std::size_t n, std::size_t sample_size, std::uint32_t seed) {
  std::vector<std::size_t> rows(n);
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  if (n <= sample_size) return rows;
  cpu::Mulberry32 rng(seed);
  for (std::size_t i = 0; i < sample_size; ++i)
    std::swap(rows[i], rows[i + rng.below(static_cast<std::uint32_t>(n - i))]);
  rows.resize(sample_size);
  std::sort(rows.begin(), rows.end());
  return rows;
}

/// The sampled rows, row-major (m × d) and transposed (d × padded(m), pad columns 0), and their labels.
struct Sample {
  std::vector<float> rows;
  std::vector<float> xt;
  std::size_t stride = 0;  // padded(m)
  std::vector<std::int32_t> labels;
  std::vector<double> counts;  // per cluster, within the sample
  std::size_t m = 0;
};

Sample take_sample(const DenseRowsView& x, const std::int32_t* labels, std::size_t k,
                   const std::vector<std::size_t>& rows) {
  Sample s;
  s.m = rows.size();
  s.stride = cpu::padded(s.m);
  s.rows.resize(s.m * x.d);
  s.xt.assign(x.d * s.stride, 0.0f);
  s.labels.resize(s.m);
  s.counts.assign(k, 0.0);
  for (std::size_t j = 0; j < s.m; ++j) {
    for (std::size_t f = 0; f < x.d; ++f) {
      s.rows[j * x.d + f] = x.data[rows[j] * x.d + f];
      s.xt[f * s.stride + j] = x.data[rows[j] * x.d + f];
    }
    s.labels[j] = labels[rows[j]];
    s.counts[static_cast<std::size_t>(labels[rows[j]])] += 1;
  }
  return s;
}

/// s(i) from row i's summed distances to every cluster: (b − a) / max(a, b).
double from_sums(const Sample& s, std::size_t i, std::size_t k, const double* sums) {
  const std::size_t own = static_cast<std::size_t>(s.labels[i]);
  if (s.counts[own] < 2) return 0.0;
  const double a = sums[own] / (s.counts[own] - 1);
  double b = INFINITY;
  for (std::size_t c = 0; c < k; ++c)
    if (c != own && s.counts[c] > 0) b = std::min(b, sums[c] / s.counts[c]);
  const double scale = std::max(a, b);
  return scale > 0 ? (b - a) / scale : 0.0;
}

/// s(i) for R consecutive sampled rows from `first`: distances to every sampled row, block by block.
template <std::size_t R>
AISLE_SIMD_CLONES void rows_silhouette(const Sample& s, std::size_t first, std::size_t d, std::size_t k,
                                       double* value) {
  std::vector<double> sums(R * k, 0.0);
  std::vector<float> dist(R * kColumnBlock);
  for (std::size_t j0 = 0; j0 < s.m; j0 += kColumnBlock) {
    const std::size_t width = std::min(kColumnBlock, s.stride - j0), real = std::min(width, s.m - j0);
    cpu::squared_distances_rows<R>(s.rows.data() + first * d, d, s.xt.data() + j0, s.stride, width, dist.data());
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t j = 0; j < real; ++j)
        sums[r * k + static_cast<std::size_t>(s.labels[j0 + j])] += std::sqrt(dist[r * width + j]);
  }
  for (std::size_t r = 0; r < R; ++r) value[first + r] = from_sums(s, first + r, k, sums.data() + r * k);
}

}  // namespace

double silhouette(const DenseRowsView& x, const std::int32_t* labels, std::size_t k, std::size_t sample_size,
                  std::uint32_t seed, ThreadPool& pool) {
  const Sample s = take_sample(x, labels, k, chosen_rows(x.n, std::max<std::size_t>(sample_size, 2), seed));
  const auto present = std::count_if(s.counts.begin(), s.counts.end(), [](double c) { return c > 0; });
  if (present < 2) return 0.0;
  std::vector<double> value(s.m);
  pool.parallel_for(0, s.m, 16, [&](std::size_t begin, std::size_t end) {
    std::size_t i = begin;
    for (; i + 4 <= end; i += 4) rows_silhouette<4>(s, i, x.d, k, value.data());
    for (; i < end; ++i) rows_silhouette<1>(s, i, x.d, k, value.data());
  });
  double total = 0;
  for (double v : value) total += v;
  return total / static_cast<double>(s.m);
}

}  // namespace aisle
