// Batched MLP inference and gradient × input attributions, parallel over blocks of rows.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "aisle/mlp.h"
#include "aisle/thread_pool.h"
#include "mlp_net.h"

namespace aisle {
namespace {

constexpr std::size_t kPredictBlock = 256;

void check(const MlpModel& model, const DenseRowsView& x) {
  const cpu::MlpShape shape(model.d, model.hidden);
  if (x.d != model.d) throw std::invalid_argument("mlp: x has the wrong number of columns");
  if (model.weights.size() != shape.total) throw std::invalid_argument("mlp: the model has the wrong weight count");
  if (model.means.size() != model.d || model.stds.size() != model.d)
    throw std::invalid_argument("mlp: means and stds must have d entries");
}

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

/// The first non-finite value among n, or kNone.
std::size_t first_non_finite(const float* v, std::size_t n) {
  for (std::size_t e = 0; e < n; ++e)
    if (!std::isfinite(v[e])) return e;
  return kNone;
}

/**
 * Runs fn(scratch, first_row, rows) over blocks of rows after standardising each block into scratch.z. The rows
 * are checked for NaN/±Infinity here, in parallel and while they are in cache, rather than by a JavaScript loop
 * that would cost more than the forward pass itself; the message matches the TypeScript validators'.
 */
template <typename Fn>
void for_each_standardized_block(const MlpModel& model, const DenseRowsView& x, ThreadPool& pool, Fn&& fn) {
  const std::size_t blocks = (x.n + kPredictBlock - 1) / kPredictBlock;
  std::vector<std::size_t> bad(blocks, kNone);
  pool.parallel_for(0, blocks, 1, [&](std::size_t b0, std::size_t b1) {
    cpu::MlpScratch s;
    for (std::size_t b = b0; b < b1; ++b) {
      const std::size_t first = b * kPredictBlock, rows = std::min(kPredictBlock, x.n - first);
      const std::size_t at = first_non_finite(x.data + first * x.d, rows * x.d);
      if (at != kNone) {
        bad[b] = first * x.d + at;
        continue;
      }
      s.z.resize(rows * x.d);
      cpu::standardize(x.data + first * x.d, rows, x.d, model.means.data(), model.stds.data(), s.z.data());
      fn(s, first, rows);
    }
  });
  for (std::size_t at : bad) {
    if (at == kNone) continue;
    const float v = x.data[at];
    const char* text = std::isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    throw std::invalid_argument(std::string("x must be finite (got ") + text + " at index " + std::to_string(at) + ")");
  }
}

}  // namespace

std::size_t mlp_weight_count(std::size_t d, const std::vector<std::size_t>& hidden) {
  return cpu::MlpShape(d, hidden).total;
}

void mlp_predict(const MlpModel& model, const DenseRowsView& x, float* out, ThreadPool& pool) {
  check(model, x);
  const cpu::MlpShape shape(model.d, model.hidden);
  const std::vector<float> wt = cpu::transpose_layers(shape, model.weights.data());
  for_each_standardized_block(model, x, pool, [&](cpu::MlpScratch& s, std::size_t first, std::size_t rows) {
    cpu::forward_block(shape, model.weights.data(), wt.data(), rows, s);
    const std::vector<float>& logit = s.acts.back();
    for (std::size_t r = 0; r < rows; ++r) out[first + r] = cpu::sigmoid(logit[r]);
  });
}

void mlp_contributions(const MlpModel& model, const DenseRowsView& x, float* out, ThreadPool& pool) {
  check(model, x);
  const cpu::MlpShape shape(model.d, model.hidden);
  const std::vector<float> wt = cpu::transpose_layers(shape, model.weights.data());
  for_each_standardized_block(model, x, pool, [&](cpu::MlpScratch& s, std::size_t first, std::size_t rows) {
    cpu::forward_block(shape, model.weights.data(), wt.data(), rows, s);
    s.delta.assign(rows, 1.0f);  // ∂logit/∂logit
    cpu::backward_block(shape, model.weights.data(), rows, s, nullptr);
    for (std::size_t e = 0; e < rows * x.d; ++e) out[first * x.d + e] = s.delta[e] * s.z[e];
  });
}

}  // namespace aisle
