// Lloyd's k-means over dense float32 rows, restarts from greedy k-means++ (kmeans_init.cc). The assignment step
// is parallel over row blocks; centroid sums are float64 per block, added in block order (thread-count free).
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "aisle/kmeans.h"
#include "kmeans_rows.h"

namespace aisle {
namespace {

using cpu::for_each_block;
using cpu::row_blocks;

/// The result of one assignment step.
struct Assignment {
  double inertia = 0;
  std::size_t changed = 0;  // rows whose label differs from the previous step's
};

/// Assigns rows [begin, end) (see assign); returns the block's inertia and adds its label changes to `moved`.
/// Compiled for AVX2 and for baseline x86-64, picked at load time (ifunc); without FMA contraction the two round
/// identically, so the clone changes speed only.
AISLE_SIMD_CLONES double assign_rows(const DenseRowsView& x, const float* ct, std::size_t k, std::size_t begin,
                                     std::size_t end, std::int32_t* labels, float* dist, std::size_t& moved) {
  constexpr std::size_t kGroup = 4;
  const std::size_t kp = cpu::padded(k);
  std::vector<float> dj(kGroup * kp);
  double s = 0;
  for (std::size_t i = begin; i < end;) {
    const std::size_t rows = end - i >= kGroup ? kGroup : 1;
    if (rows == kGroup)
      cpu::squared_distances_rows<kGroup>(x.data + i * x.d, x.d, ct, kp, kp, dj.data());
    else
      cpu::squared_distances_rows<1>(x.data + i * x.d, x.d, ct, kp, kp, dj.data());
    for (std::size_t r = 0; r < rows; ++r, ++i) {
      const float* dr = dj.data() + r * kp;
      std::size_t best = 0;
      for (std::size_t j = 1; j < k; ++j)
        if (dr[j] < dr[best]) best = j;
      moved += labels[i] != static_cast<std::int32_t>(best);
      labels[i] = static_cast<std::int32_t>(best);
      dist[i] = dr[best];
      s += dr[best];
    }
  }
  return s;
}

/// labels[i] = the nearest centre (lowest index on ties), dist[i] = its squared distance.
Assignment assign(const DenseRowsView& x, const std::vector<float>& centres, std::size_t k,
                  std::vector<std::int32_t>& labels, std::vector<float>& dist, ThreadPool& pool) {
  const std::vector<float> ct = cpu::transpose_centres(centres.data(), k, x.d);
  std::vector<double> inertia(row_blocks(x.n));
  std::vector<std::size_t> changed(row_blocks(x.n));
  for_each_block(x.n, pool, [&](std::size_t b, std::size_t begin, std::size_t end) {
    std::size_t moved = 0;
    inertia[b] = assign_rows(x, ct.data(), k, begin, end, labels.data(), dist.data(), moved);
    changed[b] = moved;
  });
  Assignment a;
  for (std::size_t b = 0; b < inertia.size(); ++b) a.inertia += inertia[b], a.changed += changed[b];
  return a;
}

/// New centres = means of their rows. An empty cluster takes the row farthest from its centre (a row is taken
/// once); a cluster emptied that way keeps its previous centre.
std::vector<float> update(const DenseRowsView& x, const std::vector<float>& old, std::size_t k,
                          std::vector<std::int32_t>& labels, std::vector<float>& dist, ThreadPool& pool) {
  const std::size_t d = x.d, blocks = row_blocks(x.n);
  std::vector<double> sums(blocks * k * d, 0.0), counts(blocks * k, 0.0);
  for_each_block(x.n, pool, [&](std::size_t b, std::size_t begin, std::size_t end) {
    double* s = sums.data() + b * k * d;
    double* c = counts.data() + b * k;
    for (std::size_t i = begin; i < end; ++i) {
      const std::size_t j = static_cast<std::size_t>(labels[i]);
      c[j] += 1;
      for (std::size_t f = 0; f < d; ++f) s[j * d + f] += x.data[i * d + f];
    }
  });
  std::vector<double> sum(k * d, 0.0), count(k, 0.0);
  for (std::size_t b = 0; b < blocks; ++b) {
    for (std::size_t e = 0; e < k * d; ++e) sum[e] += sums[b * k * d + e];
    for (std::size_t j = 0; j < k; ++j) count[j] += counts[b * k + j];
  }
  for (std::size_t j = 0; j < k; ++j) {
    if (count[j] > 0) continue;
    std::size_t far = 0;
    for (std::size_t i = 1; i < x.n; ++i)
      if (dist[i] > dist[far]) far = i;
    if (!(dist[far] > 0)) break;  // every row sits on its centre: nothing to move
    const std::size_t from = static_cast<std::size_t>(labels[far]);
    for (std::size_t f = 0; f < d; ++f) {
      sum[from * d + f] -= x.data[far * d + f];
      sum[j * d + f] = x.data[far * d + f];
    }
    count[from] -= 1, count[j] = 1;
    labels[far] = static_cast<std::int32_t>(j);
    dist[far] = -1;  // taken
  }
  std::vector<float> next(old);
  for (std::size_t j = 0; j < k; ++j)
    if (count[j] > 0)
      for (std::size_t f = 0; f < d; ++f) next[j * d + f] = static_cast<float>(sum[j * d + f] / count[j]);
  return next;
}

/// Mean per-feature variance of the rows (float64, two passes, block order).
double mean_variance(const DenseRowsView& x, ThreadPool& pool) {
  const std::size_t d = x.d, blocks = row_blocks(x.n);
  std::vector<double> part(blocks * d, 0.0);
  for_each_block(x.n, pool, [&](std::size_t b, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      for (std::size_t f = 0; f < d; ++f) part[b * d + f] += x.data[i * d + f];
  });
  std::vector<double> mean(d, 0.0);
  for (std::size_t b = 0; b < blocks; ++b)
    for (std::size_t f = 0; f < d; ++f) mean[f] += part[b * d + f];
  for (double& m : mean) m /= static_cast<double>(x.n);
  std::vector<double> sq(blocks, 0.0);
  for_each_block(x.n, pool, [&](std::size_t b, std::size_t begin, std::size_t end) {
    double s = 0;
    for (std::size_t i = begin; i < end; ++i)
      for (std::size_t f = 0; f < d; ++f) {
        const double v = x.data[i * d + f] - mean[f];
        s += v * v;
      }
    sq[b] = s;
  });
  double total = 0;
  for (double s : sq) total += s;
  return total / static_cast<double>(x.n * d);
}

void check(const DenseRowsView& x, std::size_t k) {
  if (x.d == 0) throw std::invalid_argument("kmeans: d must be positive");
  if (k == 0 || k > x.n) throw std::invalid_argument("kmeans: k must be in [1, n]");
}

KMeansResult lloyd(const DenseRowsView& x, std::vector<float> centres, const KMeansParams& p, double shift_limit,
                   ThreadPool& pool) {
  KMeansResult r;
  r.labels.assign(x.n, -1);
  std::vector<float> dist(x.n);
  for (std::size_t it = 0; it < p.max_iterations; ++it) {
    const Assignment a = assign(x, centres, p.k, r.labels, dist, pool);
    if (it > 0 && a.changed == 0) break;
    std::vector<float> next = update(x, centres, p.k, r.labels, dist, pool);
    double shift = 0;
    for (std::size_t e = 0; e < next.size(); ++e) {
      const double v = static_cast<double>(next[e]) - centres[e];
      shift += v * v;
    }
    centres.swap(next);
    ++r.iterations;
    if (shift <= shift_limit) break;
  }
  r.inertia = assign(x, centres, p.k, r.labels, dist, pool).inertia;
  r.centroids = std::move(centres);
  return r;
}

}  // namespace

KMeansResult kmeans_from(const DenseRowsView& x, const std::vector<float>& init, const KMeansParams& params,
                         ThreadPool& pool) {
  check(x, params.k);
  if (init.size() != params.k * x.d) throw std::invalid_argument("kmeans: init must have k × d entries");
  return lloyd(x, init, params, params.tolerance * mean_variance(x, pool), pool);
}

KMeansResult kmeans(const DenseRowsView& x, const KMeansParams& params, ThreadPool& pool) {
  check(x, params.k);
  const double shift_limit = params.tolerance * mean_variance(x, pool);
  KMeansResult best;
  for (std::size_t r = 0; r < std::max<std::size_t>(1, params.restarts); ++r) {
    const std::uint32_t seed = params.seed + static_cast<std::uint32_t>(r) * 0x9E3779B9u;
    KMeansResult run = lloyd(x, cpu::kmeans_plus_plus(x, params.k, seed, pool), params, shift_limit, pool);
    if (r == 0 || run.inertia < best.inertia) best = std::move(run);
  }
  return best;
}

}  // namespace aisle
