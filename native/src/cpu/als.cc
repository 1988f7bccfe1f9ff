// ALS on the CPU: per half-sweep one Gram matrix (blocked, fixed summation order), then every row solved
// independently in parallel, by warm-started conjugate gradient or by Cholesky.
#include "aisle/als.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "aisle/thread_pool.h"
#include "als_kernels.h"
#include "mulberry32.h"

namespace aisle {
namespace {

constexpr std::size_t kGramBlocks = 64;     // fixed, so the summation order never depends on the thread count
constexpr std::size_t kGramSubRows = 256;   // rows accumulated in float before adding into a float64 block sum
constexpr std::size_t kRowChunk = 16;       // rows per parallel task
constexpr std::size_t kLossChunk = 256;     // rows per loss partial (fixed, for the same reason as kGramBlocks)

[[noreturn]] void fail(const std::string& message) { throw std::invalid_argument("trainAls: " + message); }

/// The checks that keep memory safe whatever the caller sends; friendlier messages are the TypeScript layer's.
void validate(const CsrView& m) {
  if (m.rows > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()) ||
      m.cols > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    fail("too many rows or columns for int32 ids");
  if (m.indptr[0] != 0) fail("indptr[0] must be 0");
  for (std::size_t r = 0; r < m.rows; ++r) {
    if (m.indptr[r + 1] < m.indptr[r]) fail("indptr must be non-decreasing");
    for (std::int32_t k = m.indptr[r]; k < m.indptr[r + 1]; ++k) {
      if (m.indices[k] < 0 || static_cast<std::size_t>(m.indices[k]) >= m.cols) fail("indices out of range");
      if (k > m.indptr[r] && m.indices[k] <= m.indices[k - 1]) fail("indices must increase within a row");
      if (!(m.values[k] >= 0.0f) || !std::isfinite(m.values[k])) fail("values must be finite and >= 0");
    }
  }
}

/// Gram + λI as float, the matrix CG multiplies by every step.
std::vector<float> regularised(const std::vector<double>& g, std::size_t d, float lambda) {
  std::vector<float> out(g.begin(), g.end());
  for (std::size_t a = 0; a < d; ++a) out[a * d + a] = static_cast<float>(g[a * d + a] + lambda);
  return out;
}

/// Solves the symmetric positive-definite system a·x = b in place (a is d × d, overwritten by its factor).
void cholesky_solve(std::vector<double>& a, std::vector<double>& b, std::size_t d) {
  for (std::size_t j = 0; j < d; ++j) {
    double s = a[j * d + j];
    for (std::size_t k = 0; k < j; ++k) s -= a[j * d + k] * a[j * d + k];
    if (!(s > 0)) throw std::runtime_error("ALS: the normal equations are not positive definite");
    const double l = std::sqrt(s);
    a[j * d + j] = l;
    for (std::size_t i = j + 1; i < d; ++i) {
      double t = a[i * d + j];
      for (std::size_t k = 0; k < j; ++k) t -= a[i * d + k] * a[j * d + k];
      a[i * d + j] = t / l;
    }
  }
  for (std::size_t i = 0; i < d; ++i) {  // L z = b
    double t = b[i];
    for (std::size_t k = 0; k < i; ++k) t -= a[i * d + k] * b[k];
    b[i] = t / a[i * d + i];
  }
  for (std::size_t i = d; i-- > 0;) {  // Lᵀ x = z
    double t = b[i];
    for (std::size_t k = i + 1; k < d; ++k) t -= a[k * d + i] * b[k];
    b[i] = t / a[i * d + i];
  }
}

/// Exact solve of one row: (G + λI + Σ(c−1) y yᵀ) x = Σ c y, in float64.
void solve_exact(const float* y, std::size_t d, const double* g, const std::int32_t* idx, const float* vals,
                 std::size_t n, float lambda, float alpha, float* x, std::vector<double>& a, std::vector<double>& b) {
  a.assign(g, g + d * d);
  b.assign(d, 0.0);
  for (std::size_t f = 0; f < d; ++f) a[f * d + f] += lambda;
  for (std::size_t k = 0; k < n; ++k) {
    const float* yi = y + static_cast<std::size_t>(idx[k]) * d;
    const double cm1 = static_cast<double>(alpha) * vals[k];
    for (std::size_t p = 0; p < d; ++p) {
      b[p] += (1.0 + cm1) * yi[p];
      const double w = cm1 * yi[p];
      for (std::size_t q = 0; q < d; ++q) a[p * d + q] += w * yi[q];
    }
  }
  cholesky_solve(a, b, d);
  for (std::size_t f = 0; f < d; ++f) x[f] = static_cast<float>(b[f]);
}

/// Per-task scratch for the CG solve.
struct CgScratch {
  explicit CgScratch(std::size_t d) : r(d), p(d), ap(d) {}
  std::vector<float> r, p, ap;
};

/// `steps` conjugate-gradient steps on one row's system, starting from x (Takács, Pilászy & Tikk 2011; implicit's
/// least_squares_cg). A·v = (G + λI)v + Σ(c−1)(y·v)y is applied implicitly: the d × d matrix is never formed.
void solve_cg(const cpu::AlsKernels& k, const float* y, std::size_t d, const float* g_reg, const std::int32_t* idx,
              const float* vals, std::size_t n, float alpha, std::size_t steps, float* x, CgScratch& s) {
  float* r = s.r.data();
  float* p = s.p.data();
  float* ap = s.ap.data();
  k.matvec(g_reg, x, d, ap);
  for (std::size_t f = 0; f < d; ++f) r[f] = -ap[f];
  k.add_residual(y, d, idx, vals, n, alpha, x, r);
  std::copy(r, r + d, p);
  float rs_old = k.dot(r, r, d);
  for (std::size_t it = 0; it < steps && rs_old > 1e-20f; ++it) {
    k.matvec(g_reg, p, d, ap);
    k.add_implicit(y, d, idx, vals, n, alpha, p, ap);
    const float pap = k.dot(p, ap, d);
    if (!(pap > 0)) break;
    const float step = rs_old / pap;
    for (std::size_t f = 0; f < d; ++f) {
      x[f] += step * p[f];
      r[f] -= step * ap[f];
    }
    const float rs_new = k.dot(r, r, d);
    const float beta = rs_new / rs_old;
    for (std::size_t f = 0; f < d; ++f) p[f] = r[f] + beta * p[f];
    rs_old = rs_new;
  }
}

/// Recomputes every row of x (m.rows × d) given the fixed factors y (m.cols × d).
void solve_half(const CsrView& m, const float* y, float* x, std::size_t d, const AlsParams& params,
                const cpu::AlsKernels& k, ThreadPool& pool) {
  const std::vector<double> g = gram(y, m.cols, d, pool, params.tier);
  const std::vector<float> g_reg = regularised(g, d, params.regularization);
  pool.parallel_for(0, m.rows, kRowChunk, [&](std::size_t begin, std::size_t end) {
    CgScratch scratch(d);
    std::vector<double> a, b;
    for (std::size_t r = begin; r < end; ++r) {
      const std::int32_t lo = m.indptr[r];
      const std::size_t n = static_cast<std::size_t>(m.indptr[r + 1] - lo);
      float* xr = x + r * d;
      if (params.solver == AlsSolver::kCholesky)
        solve_exact(y, d, g.data(), m.indices + lo, m.values + lo, n, params.regularization, params.alpha, xr, a, b);
      else
        solve_cg(k, y, d, g_reg.data(), m.indices + lo, m.values + lo, n, params.alpha, params.cg_steps, xr, scratch);
    }
  });
}

/// The CG sweeps on the GPU; the factors come back to the host only for the loss and at the end.
void train_on_device(const CsrView& user_items, const CsrView& item_users, const AlsParams& params, ThreadPool& pool,
                     AlsResult& out) {
  cuda::AlsSession session(user_items, item_users, params.factors, out.user_factors.data(), out.item_factors.data());
  for (std::size_t it = 0; it < params.iterations; ++it) {
    session.half_sweep(true, params);
    session.half_sweep(false, params);
    if (!params.compute_loss) continue;
    session.download(out.user_factors.data(), out.item_factors.data());
    out.loss.push_back(als_loss(user_items, out.user_factors.data(), out.item_factors.data(), params.factors,
                                params.regularization, params.alpha, pool, params.tier));
  }
  session.download(out.user_factors.data(), out.item_factors.data());
}

}  // namespace

CsrMatrix transpose(const CsrView& m) {
  CsrMatrix t;
  t.rows = m.cols;
  t.cols = m.rows;
  const std::size_t nnz = static_cast<std::size_t>(m.indptr[m.rows]);
  t.indptr.assign(m.cols + 1, 0);
  t.indices.resize(nnz);
  t.values.resize(nnz);
  for (std::size_t k = 0; k < nnz; ++k) ++t.indptr[m.indices[k] + 1];
  for (std::size_t c = 0; c < m.cols; ++c) t.indptr[c + 1] += t.indptr[c];
  std::vector<std::int32_t> next(t.indptr.begin(), t.indptr.end() - 1);
  for (std::size_t r = 0; r < m.rows; ++r)
    for (std::int32_t k = m.indptr[r]; k < m.indptr[r + 1]; ++k) {
      const std::int32_t at = next[m.indices[k]]++;
      t.indices[at] = static_cast<std::int32_t>(r);
      t.values[at] = m.values[k];
    }
  return t;
}

std::vector<double> gram(const float* y, std::size_t rows, std::size_t d, ThreadPool& pool, KernelTier tier) {
  const cpu::AlsKernels& k = cpu::als_kernels_for(tier);
  const std::size_t per_block = (rows + kGramBlocks - 1) / kGramBlocks;
  std::vector<double> partial(kGramBlocks * d * d, 0.0);
  pool.parallel_for(0, kGramBlocks, 1, [&](std::size_t begin, std::size_t end) {
    std::vector<float> sub(d * d);
    for (std::size_t blk = begin; blk < end; ++blk) {
      const std::size_t r0 = std::min(rows, blk * per_block), r1 = std::min(rows, r0 + per_block);
      double* acc = partial.data() + blk * d * d;
      for (std::size_t s = r0; s < r1; s += kGramSubRows) {
        std::fill(sub.begin(), sub.end(), 0.0f);
        k.gram_add(y + s * d, std::min(kGramSubRows, r1 - s), d, sub.data());
        for (std::size_t e = 0; e < d * d; ++e) acc[e] += sub[e];
      }
    }
  });
  std::vector<double> g(d * d, 0.0);
  for (std::size_t blk = 0; blk < kGramBlocks; ++blk)
    for (std::size_t e = 0; e < d * d; ++e) g[e] += partial[blk * d * d + e];
  return g;
}

void als_initial_factors(std::uint32_t seed, std::size_t users, std::size_t items, std::size_t d, float* user_factors,
                         float* item_factors) {
  cpu::Mulberry32 rng(seed);
  for (std::size_t e = 0; e < items * d; ++e) item_factors[e] = static_cast<float>(0.1 * (rng.next_double() - 0.5));
  for (std::size_t e = 0; e < users * d; ++e) user_factors[e] = static_cast<float>(0.1 * (rng.next_double() - 0.5));
}

double als_loss(const CsrView& m, const float* x, const float* y, std::size_t d, float lambda, float alpha,
                ThreadPool& pool, KernelTier tier) {
  // Σ_u x_uᵀ G x_u = ⟨YᵀY, XᵀX⟩ (Frobenius): two Gram passes instead of a d² product per user.
  const std::vector<double> gy = gram(y, m.cols, d, pool, tier), gx = gram(x, m.rows, d, pool, tier);
  double quad = 0, norms = 0;
  for (std::size_t e = 0; e < d * d; ++e) quad += gy[e] * gx[e];
  for (std::size_t a = 0; a < d; ++a) norms += gx[a * d + a] + gy[a * d + a];
  const cpu::AlsKernels& k = cpu::als_kernels_for(tier);
  const std::size_t chunks = (m.rows + kLossChunk - 1) / kLossChunk;
  std::vector<double> loss(chunks, 0.0), weight(chunks, 0.0);
  pool.parallel_for(0, m.rows, kLossChunk, [&](std::size_t begin, std::size_t end) {
    double l = 0, w = 0;
    for (std::size_t u = begin; u < end; ++u) {
      for (std::int32_t e = m.indptr[u]; e < m.indptr[u + 1]; ++e) {
        const double s = k.dot(x + u * d, y + static_cast<std::size_t>(m.indices[e]) * d, d);
        const double c = 1.0 + static_cast<double>(alpha) * m.values[e];
        l += c * (1.0 - 2.0 * s) + (c - 1.0) * s * s;  // c(1 − s)² − s²: the observed cells' correction
        w += c - 1.0;
      }
    }
    loss[begin / kLossChunk] = l;
    weight[begin / kLossChunk] = w;
  });
  double l = quad, w = static_cast<double>(m.rows) * static_cast<double>(m.cols);
  for (std::size_t c = 0; c < chunks; ++c) l += loss[c], w += weight[c];
  return (l + lambda * norms) / w;
}

AlsResult train_als(const CsrView& user_items, const AlsParams& params, ThreadPool& pool) {
  if (params.factors == 0) fail("factors must be >= 1");
  if (!(params.regularization > 0) || !std::isfinite(params.regularization)) fail("regularization must be > 0");
  if (!(params.alpha >= 0) || !std::isfinite(params.alpha)) fail("alpha must be >= 0");
  validate(user_items);
  const std::size_t d = params.factors, users = user_items.rows, items = user_items.cols;
  const CsrMatrix item_users = transpose(user_items);
  const cpu::AlsKernels& k = cpu::als_kernels_for(params.tier);
  AlsResult out;
  out.user_factors.resize(users * d);
  out.item_factors.resize(items * d);
  als_initial_factors(params.seed, users, items, d, out.user_factors.data(), out.item_factors.data());
  // rows of up to 1024 factors fit one block's shared memory on every architecture built for (sm_75: 48 KiB)
  if (params.device == Device::kCuda && params.solver == AlsSolver::kConjugateGradient && d <= 1024) {
    train_on_device(user_items, item_users.view(), params, pool, out);
    out.item_gram = gram(out.item_factors.data(), items, d, pool, params.tier);
    return out;
  }
  for (std::size_t it = 0; it < params.iterations; ++it) {
    solve_half(user_items, out.item_factors.data(), out.user_factors.data(), d, params, k, pool);
    solve_half(item_users.view(), out.user_factors.data(), out.item_factors.data(), d, params, k, pool);
    if (params.compute_loss)
      out.loss.push_back(als_loss(user_items, out.user_factors.data(), out.item_factors.data(), d,
                                  params.regularization, params.alpha, pool, params.tier));
  }
  out.item_gram = gram(out.item_factors.data(), items, d, pool, params.tier);
  return out;
}

void als_fold_in(const float* item_factors, std::size_t n_items, std::size_t d, const double* item_gram,
                 const std::int32_t* items, const float* values, std::size_t n, float regularization, float alpha,
                 float* out, ThreadPool& pool) {
  for (std::size_t k = 0; k < n; ++k) {
    if (items[k] < 0 || static_cast<std::size_t>(items[k]) >= n_items)
      throw std::invalid_argument("alsFoldIn: items out of range");
    if (!(values[k] >= 0.0f) || !std::isfinite(values[k]))
      throw std::invalid_argument("alsFoldIn: values must be finite and >= 0");
  }
  std::vector<double> g;
  if (item_gram == nullptr) {
    g = gram(item_factors, n_items, d, pool);
    item_gram = g.data();
  }
  std::vector<double> a, b;
  solve_exact(item_factors, d, item_gram, items, values, n, regularization, alpha, out, a, b);
}

}  // namespace aisle
