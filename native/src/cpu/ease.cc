// EASE on the CPU: the Gram matrix from the transposed interactions, then a float64 Cholesky inverse whose three
// O(n³) phases are each a parallel_for over rows working on contiguous row prefixes (cache- and SIMD-friendly).
#include "aisle/ease.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "aisle/thread_pool.h"

namespace aisle {
namespace {

void fail(const std::string& message) { throw std::invalid_argument("trainEase: " + message); }

/// Σ_k a[k]·b[k] over [0, n): four independent accumulators so the compiler can vectorise without -ffast-math.
inline double dot(const double* a, const double* b, std::size_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  std::size_t k = 0;
  for (; k + 4 <= n; k += 4) {
    s0 += a[k] * b[k];
    s1 += a[k + 1] * b[k + 1];
    s2 += a[k + 2] * b[k + 2];
    s3 += a[k + 3] * b[k + 3];
  }
  for (; k < n; ++k) s0 += a[k] * b[k];
  return (s0 + s1) + (s2 + s3);
}

/// G = XᵀX (n × n, float64): row i sums, over the users of item i, that user's row scaled by x_ui.
std::vector<double> gram_matrix(const SparseRowsView& x, ThreadPool& pool) {
  const std::size_t n = x.cols;
  const SparseRows xt = transpose_rows(x);
  std::vector<double> g(n * n, 0.0);
  pool.parallel_for(0, n, 8, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      double* gi = g.data() + i * n;
      for (std::int32_t p = xt.offsets[i]; p < xt.offsets[i + 1]; ++p) {
        const std::int32_t u = xt.ids[p];
        const double w = xt.values[p];
        for (std::int32_t q = x.offsets[u]; q < x.offsets[u + 1]; ++q) gi[x.ids[q]] += w * x.values[q];
      }
    }
  });
  return g;
}

}  // namespace

void spd_inverse(std::vector<double>& a, std::size_t n, ThreadPool& pool) {
  // 1. Cholesky A = LLᵀ, left-looking by column: L's lower triangle overwrites A's (row-major, row i prefix).
  for (std::size_t j = 0; j < n; ++j) {
    double* lj = a.data() + j * n;
    const double pivot = lj[j] - dot(lj, lj, j);
    if (!(pivot > 0)) fail("matrix is not positive definite (pivot " + std::to_string(j) + ")");
    lj[j] = std::sqrt(pivot);
    pool.parallel_for(j + 1, n, 64, [&](std::size_t b, std::size_t e) {
      for (std::size_t i = b; i < e; ++i) {
        double* li = a.data() + i * n;
        li[j] = (li[j] - dot(li, lj, j)) / lj[j];
      }
    });
  }
  // 2. W = L⁻¹, stored transposed (wt row c = column c of W, nonzero from c on): forward substitution per column.
  std::vector<double> wt(n * n, 0.0);
  pool.parallel_for(0, n, 4, [&](std::size_t b, std::size_t e) {
    for (std::size_t c = b; c < e; ++c) {
      double* w = wt.data() + c * n;
      for (std::size_t i = c; i < n; ++i) {
        const double* li = a.data() + i * n;
        const double rhs = (i == c ? 1.0 : 0.0) - dot(li + c, w + c, i - c);
        w[i] = rhs / li[i];
      }
    }
  });
  // 3. A⁻¹ = WᵀW: entry (r, c) = Σ_{i >= max(r, c)} W[i, r]·W[i, c], a dot of two wt rows' suffixes.
  pool.parallel_for(0, n, 4, [&](std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r)
      for (std::size_t c = r; c < n; ++c) a[r * n + c] = dot(wt.data() + r * n + c, wt.data() + c * n + c, n - c);
  });
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t c = 0; c < r; ++c) a[r * n + c] = a[c * n + r];
}

std::vector<float> train_ease(const SparseRowsView& user_items, const EaseParams& params, ThreadPool& pool) {
  if (!(params.lambda > 0) || !std::isfinite(params.lambda)) fail("lambda must be a positive finite number");
  if (user_items.cols > params.max_items)
    fail("items must be at most " + std::to_string(params.max_items) + " (got " + std::to_string(user_items.cols) + ")");
  check_sparse_rows("trainEase", user_items);
  const std::size_t n = user_items.cols;
  std::vector<double> p = gram_matrix(user_items, pool);
  for (std::size_t i = 0; i < n; ++i) p[i * n + i] += params.lambda;
  spd_inverse(p, n, pool);
  std::vector<float> b(n * n);
  pool.parallel_for(0, n, 16, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i)
      for (std::size_t j = 0; j < n; ++j)
        b[i * n + j] = i == j ? 0.0f : static_cast<float>(-p[i * n + j] / p[j * n + j]) + 0.0f;  // no -0
  });
  return b;
}

}  // namespace aisle
