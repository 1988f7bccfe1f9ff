// BPR on the CPU: plain sequential SGD (see bpr.h for why it is single-threaded), float64 arithmetic per update
// with float32 storage, in exactly the order the TypeScript reference uses.
#include "aisle/bpr.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "mulberry32.h"

namespace aisle {
namespace {

constexpr int kNegativeTries = 16;

[[noreturn]] void fail(const std::string& message) { throw std::invalid_argument("trainBpr: " + message); }

void validate(const CsrView& m, const BprParams& p) {
  if (p.factors == 0) fail("factors must be >= 1");
  if (!(p.learning_rate > 0) || !std::isfinite(p.learning_rate)) fail("learningRate must be > 0");
  if (!(p.regularization >= 0) || !std::isfinite(p.regularization)) fail("regularization must be >= 0");
  if (m.cols > std::numeric_limits<std::int32_t>::max() || m.rows > std::numeric_limits<std::int32_t>::max())
    fail("too many rows or columns for int32 ids");
  if (m.indptr[0] != 0) fail("indptr[0] must be 0");
  for (std::size_t r = 0; r < m.rows; ++r) {
    if (m.indptr[r + 1] < m.indptr[r]) fail("indptr must be non-decreasing");
    for (std::int32_t k = m.indptr[r]; k < m.indptr[r + 1]; ++k) {
      if (m.indices[k] < 0 || static_cast<std::size_t>(m.indices[k]) >= m.cols) fail("indices out of range");
      if (k > m.indptr[r] && m.indices[k] <= m.indices[k - 1]) fail("indices must increase within a row");
    }
  }
}

/// −log σ(x), without overflow for large |x|.
double neg_log_sigmoid(double x) { return x > 0 ? std::log1p(std::exp(-x)) : -x + std::log1p(std::exp(x)); }

/// The row holding nonzero number k: the last r with indptr[r] <= k.
std::size_t row_of(const CsrView& m, std::int32_t k) {
  return static_cast<std::size_t>(std::upper_bound(m.indptr, m.indptr + m.rows + 1, k) - m.indptr - 1);
}

}  // namespace

BprResult train_bpr(const CsrView& m, const BprParams& p) {
  validate(m, p);
  const std::size_t d = p.factors, users = m.rows, items = m.cols;
  const std::int32_t nnz = m.indptr[users];
  cpu::Mulberry32 rng(p.seed);
  BprResult out;
  out.item_factors.resize(items * d);
  out.user_factors.resize(users * d);
  out.item_bias.assign(items, 0.0f);
  const double scale = 1.0 / static_cast<double>(d);
  for (float& v : out.item_factors) v = static_cast<float>((rng.next_double() - 0.5) * scale);
  for (float& v : out.user_factors) v = static_cast<float>((rng.next_double() - 0.5) * scale);
  const double lr = p.learning_rate, reg = p.regularization;
  for (std::size_t epoch = 0; epoch < p.epochs; ++epoch) {
    double loss = 0;
    std::size_t correct = 0, updates = 0;
    for (std::int32_t s = 0; s < nnz && items > 1; ++s) {
      const std::int32_t k = static_cast<std::int32_t>(rng.below(static_cast<std::uint32_t>(nnz)));
      const std::size_t u = row_of(m, k);
      const std::size_t i = static_cast<std::size_t>(m.indices[k]);
      const std::int32_t* liked = m.indices + m.indptr[u];
      const std::int32_t* liked_end = m.indices + m.indptr[u + 1];
      std::int64_t j = -1;
      for (int t = 0; t < kNegativeTries && j < 0; ++t) {
        const std::int32_t c = static_cast<std::int32_t>(rng.below(static_cast<std::uint32_t>(items)));
        if (!std::binary_search(liked, liked_end, c)) j = c;
      }
      if (j < 0) continue;
      float* xu = out.user_factors.data() + u * d;
      float* yi = out.item_factors.data() + i * d;
      float* yj = out.item_factors.data() + static_cast<std::size_t>(j) * d;
      float& bi = out.item_bias[i];
      float& bj = out.item_bias[static_cast<std::size_t>(j)];
      double x = static_cast<double>(bi) - static_cast<double>(bj);
      for (std::size_t f = 0; f < d; ++f)
        x += static_cast<double>(xu[f]) * (static_cast<double>(yi[f]) - static_cast<double>(yj[f]));
      const double z = 1.0 / (1.0 + std::exp(x));  // σ(−x): the gradient's weight
      loss += neg_log_sigmoid(x);
      correct += x > 0;
      ++updates;
      for (std::size_t f = 0; f < d; ++f) {
        const double uf = xu[f], itf = yi[f], jf = yj[f];
        xu[f] = static_cast<float>(uf + lr * (z * (itf - jf) - reg * uf));
        yi[f] = static_cast<float>(itf + lr * (z * uf - reg * itf));
        yj[f] = static_cast<float>(jf + lr * (-z * uf - reg * jf));
      }
      const double bio = bi, bjo = bj;
      bi = static_cast<float>(bio + lr * (z - reg * bio));
      bj = static_cast<float>(bjo + lr * (-z - reg * bjo));
    }
    out.loss.push_back(updates > 0 ? loss / static_cast<double>(updates) : 0.0);
    out.auc.push_back(updates > 0 ? static_cast<double>(correct) / static_cast<double>(updates) : 0.0);
  }
  return out;
}

}  // namespace aisle
