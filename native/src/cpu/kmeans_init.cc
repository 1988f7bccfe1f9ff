// Greedy k-means++ initialisation (Arthur & Vassilvitskii 2007; the greedy variant with 2 + ⌊ln k⌋ trials per
// centre is scikit-learn's default and gives visibly lower starting inertia than plain D² sampling).
#include <algorithm>
#include <cmath>
#include <vector>

#include "kmeans_rows.h"
#include "mulberry32.h"

namespace aisle::cpu {
namespace {

/// The candidate rows transposed to d × padded(count) (pad columns 0), for squared_distances_rows.
std::vector<float> candidates_t(const DenseRowsView& x, const std::vector<std::size_t>& rows) {
  const std::size_t width = padded(rows.size());
  std::vector<float> t(x.d * width, 0.0f);
  for (std::size_t c = 0; c < rows.size(); ++c)
    for (std::size_t f = 0; f < x.d; ++f) t[f * width + c] = x.data[rows[c] * x.d + f];
  return t;
}

/// For rows [begin, end): adds Σ_i min(closest[i], ‖x_i − cand_c‖²) to pot[c] for each candidate, and when
/// `update` (one candidate) lowers closest[i] to it. Distances as in k-means' assignment (same float sums).
AISLE_SIMD_CLONES void potential_rows(const DenseRowsView& x, const float* ct, std::size_t count, std::size_t begin,
                                      std::size_t end, float* closest, bool update, double* pot) {
  constexpr std::size_t kGroup = 4;
  const std::size_t width = padded(count);
  std::vector<float> dist(kGroup * width);
  for (std::size_t i = begin; i < end;) {
    const std::size_t rows = end - i >= kGroup ? kGroup : 1;
    if (rows == kGroup)
      squared_distances_rows<kGroup>(x.data + i * x.d, x.d, ct, width, width, dist.data());
    else
      squared_distances_rows<1>(x.data + i * x.d, x.d, ct, width, width, dist.data());
    for (std::size_t r = 0; r < rows; ++r, ++i)
      for (std::size_t c = 0; c < count; ++c) {
        const float v = std::min(closest[i], dist[r * width + c]);
        if (update) closest[i] = v;
        pot[c] += v;
      }
  }
}

/// Σ_i min(closest[i], ‖x_i − cand‖²) for every candidate row in one pass (block partials added in block order);
/// with `update` (one candidate), closest[i] is lowered to its distance.
std::vector<double> potentials(const DenseRowsView& x, const std::vector<std::size_t>& cands,
                               std::vector<float>& closest, bool update, ThreadPool& pool) {
  const std::vector<float> ct = candidates_t(x, cands);
  const std::size_t count = cands.size();
  std::vector<double> partial(row_blocks(x.n) * count, 0.0);
  for_each_block(x.n, pool, [&](std::size_t b, std::size_t begin, std::size_t end) {
    potential_rows(x, ct.data(), count, begin, end, closest.data(), update, partial.data() + b * count);
  });
  std::vector<double> total(count, 0.0);
  for (std::size_t b = 0; b < row_blocks(x.n); ++b)
    for (std::size_t c = 0; c < count; ++c) total[c] += partial[b * count + c];
  return total;
}

/// A row drawn with probability proportional to closest[i] (D² sampling); uniform when every distance is 0.
std::size_t draw_row(const std::vector<double>& cumulative, Mulberry32& rng) {
  const std::size_t n = cumulative.size();
  const double total = cumulative.back();
  if (!(total > 0.0)) return rng.below(static_cast<std::uint32_t>(n));
  const double r = rng.next_double() * total;
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), r);
  return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()), n - 1);
}

}  // namespace

std::vector<float> kmeans_plus_plus(const DenseRowsView& x, std::size_t k, std::uint32_t seed, ThreadPool& pool) {
  Mulberry32 rng(seed);
  const std::size_t n = x.n, d = x.d;
  std::vector<float> centres(k * d);
  std::size_t chosen = rng.below(static_cast<std::uint32_t>(n));
  std::vector<float> closest(n, INFINITY);
  const std::size_t trials = 2 + static_cast<std::size_t>(std::log(static_cast<double>(k)));
  std::vector<double> cumulative(n);
  for (std::size_t c = 0;; ++c) {
    std::copy_n(x.data + chosen * d, d, centres.data() + c * d);
    if (c + 1 == k) break;
    potentials(x, {chosen}, closest, true, pool);
    double running = 0.0;
    for (std::size_t i = 0; i < n; ++i) cumulative[i] = running += closest[i];
    std::vector<std::size_t> cands(trials);
    for (std::size_t& row : cands) row = draw_row(cumulative, rng);
    const std::vector<double> pot = potentials(x, cands, closest, false, pool);
    chosen = cands[static_cast<std::size_t>(std::min_element(pot.begin(), pot.end()) - pot.begin())];
  }
  return centres;
}

}  // namespace aisle::cpu
