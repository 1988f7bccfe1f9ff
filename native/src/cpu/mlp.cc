// MLP training: seeded split and initialisation, standardisation, mini-batch Adam with L2, early stopping.
#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "aisle/mlp.h"
#include "aisle/thread_pool.h"
#include "mlp_net.h"
#include "mulberry32.h"

namespace aisle {
namespace {

constexpr std::size_t kGradChunk = 32;  // rows per gradient partial: fixed, so sums do not depend on threads
constexpr std::size_t kLossBlock = 256;

void fisher_yates(std::vector<std::size_t>& v, cpu::Mulberry32& rng) {
  for (std::size_t i = v.size(); i-- > 1;) std::swap(v[i], v[rng.below(static_cast<std::uint32_t>(i + 1))]);
}

/// log(1 + e^u) without overflow.
double softplus(double u) { return std::max(u, 0.0) + std::log1p(std::exp(-std::abs(u))); }

/// The training problem seen by every step: rows, labels, standardisation and shape.
struct Problem {
  const DenseRowsView& x;
  const float* y;
  const MlpParams& p;
  const cpu::MlpShape& shape;
  const MlpModel& model;  // means, stds and the current weights
};

/// Standardises the listed rows into s.z.
void gather(const Problem& pr, const std::size_t* rows, std::size_t count, cpu::MlpScratch& s) {
  const std::size_t d = pr.x.d;
  s.z.resize(count * d);
  for (std::size_t r = 0; r < count; ++r)
    cpu::standardize(pr.x.data + rows[r] * d, 1, d, pr.model.means.data(), pr.model.stds.data(), s.z.data() + r * d);
}

/// Weighted cross-entropy of one row from its logit; `slope` gets ∂loss/∂logit.
double row_loss(float logit, float y, double positive_weight, float& slope) {
  const double weight = y > 0.5f ? positive_weight : 1.0;
  slope = static_cast<float>(weight * (cpu::sigmoid(logit) - y));
  return weight * (y * softplus(-logit) + (1.0 - y) * softplus(logit));
}

/// Mean loss over the given rows at the current weights.
double mean_loss(const Problem& pr, const std::vector<std::size_t>& rows, ThreadPool& pool) {
  const std::vector<float> wt = cpu::transpose_layers(pr.shape, pr.model.weights.data());
  const std::size_t blocks = (rows.size() + kLossBlock - 1) / kLossBlock;
  std::vector<double> part(blocks, 0.0);
  pool.parallel_for(0, blocks, 1, [&](std::size_t b0, std::size_t b1) {
    cpu::MlpScratch s;
    for (std::size_t b = b0; b < b1; ++b) {
      const std::size_t first = b * kLossBlock, count = std::min(kLossBlock, rows.size() - first);
      gather(pr, rows.data() + first, count, s);
      cpu::forward_block(pr.shape, pr.model.weights.data(), wt.data(), count, s);
      float slope = 0;
      for (std::size_t r = 0; r < count; ++r)
        part[b] += row_loss(s.acts.back()[r], pr.y[rows[first + r]], pr.p.positive_weight, slope);
    }
  });
  double total = 0;
  for (double v : part) total += v;
  return total / static_cast<double>(rows.size());
}

/// Adam (Kingma & Ba 2015) with coupled L2 on the weights (not the biases); moments kept in float64.
class Adam {
 public:
  Adam(const cpu::MlpShape& shape, const MlpParams& p) : p_(p), m_(shape.total), v_(shape.total), decay_(shape.total) {
    for (std::size_t l = 0; l < shape.layers(); ++l)
      std::fill_n(decay_.begin() + static_cast<std::ptrdiff_t>(shape.w_at[l]), shape.sizes[l] * shape.sizes[l + 1], true);
  }

  void step(std::vector<float>& w, const std::vector<float>& g) {
    ++t_;
    const double c1 = 1.0 - std::pow(0.9, t_), c2 = 1.0 - std::pow(0.999, t_);
    for (std::size_t e = 0; e < w.size(); ++e) {
      const double grad = g[e] + (decay_[e] ? p_.l2 * w[e] : 0.0);
      m_[e] = 0.9 * m_[e] + 0.1 * grad;
      v_[e] = 0.999 * v_[e] + 0.001 * grad * grad;
      w[e] = static_cast<float>(w[e] - p_.learning_rate * (m_[e] / c1) / (std::sqrt(v_[e] / c2) + 1e-8));
    }
  }

 private:
  const MlpParams& p_;
  std::vector<double> m_, v_;
  std::vector<bool> decay_;
  int t_ = 0;
};

/// One mini-batch: the mean gradient over its rows (chunk partials added in order); returns the summed loss.
double batch_step(const Problem& pr, const std::size_t* rows, std::size_t count, Adam& adam,
                  std::vector<float>& weights, ThreadPool& pool) {
  const std::size_t total = pr.shape.total, chunks = (count + kGradChunk - 1) / kGradChunk;
  const std::vector<float> wt = cpu::transpose_layers(pr.shape, weights.data());
  std::vector<float> partial(chunks * total, 0.0f);
  std::vector<double> loss(chunks, 0.0);
  pool.parallel_for(0, chunks, 1, [&](std::size_t c0, std::size_t c1) {
    cpu::MlpScratch s;
    for (std::size_t c = c0; c < c1; ++c) {
      const std::size_t first = c * kGradChunk, rowsHere = std::min(kGradChunk, count - first);
      gather(pr, rows + first, rowsHere, s);
      cpu::forward_block(pr.shape, weights.data(), wt.data(), rowsHere, s);
      s.delta.resize(rowsHere);
      for (std::size_t r = 0; r < rowsHere; ++r) {
        loss[c] += row_loss(s.acts.back()[r], pr.y[rows[first + r]], pr.p.positive_weight, s.delta[r]);
        s.delta[r] /= static_cast<float>(count);
      }
      cpu::backward_block(pr.shape, weights.data(), rowsHere, s, partial.data() + c * total);
    }
  });
  std::vector<float> grad(partial.begin(), partial.begin() + static_cast<std::ptrdiff_t>(total));
  for (std::size_t c = 1; c < chunks; ++c)
    for (std::size_t e = 0; e < total; ++e) grad[e] += partial[c * total + e];
  adam.step(weights, grad);
  double sum = 0;
  for (double v : loss) sum += v;
  return sum;
}

/// Means and population stds of the training rows (float64); a constant feature gets std 1.
void fit_standardization(const DenseRowsView& x, const std::vector<std::size_t>& rows, MlpModel& m) {
  std::vector<double> mean(x.d, 0.0), var(x.d, 0.0);
  for (std::size_t r : rows)
    for (std::size_t f = 0; f < x.d; ++f) mean[f] += x.data[r * x.d + f];
  for (double& v : mean) v /= static_cast<double>(rows.size());
  for (std::size_t r : rows)
    for (std::size_t f = 0; f < x.d; ++f) var[f] += (x.data[r * x.d + f] - mean[f]) * (x.data[r * x.d + f] - mean[f]);
  m.means.resize(x.d);
  m.stds.resize(x.d);
  for (std::size_t f = 0; f < x.d; ++f) {
    const double sd = std::sqrt(var[f] / static_cast<double>(rows.size()));
    m.means[f] = static_cast<float>(mean[f]);
    m.stds[f] = sd > 1e-12 ? static_cast<float>(sd) : 1.0f;
  }
}

std::vector<float> initial_weights(const cpu::MlpShape& shape, cpu::Mulberry32& rng) {
  std::vector<float> w(shape.total, 0.0f);
  for (std::size_t l = 0; l < shape.layers(); ++l) {
    const double in = static_cast<double>(shape.sizes[l]);
    const double limit = l + 1 < shape.layers() ? std::sqrt(6.0 / in) : std::sqrt(6.0 / (in + 1.0));
    for (std::size_t e = 0; e < shape.sizes[l] * shape.sizes[l + 1]; ++e)
      w[shape.w_at[l] + e] = static_cast<float>((2.0 * rng.next_double() - 1.0) * limit);
  }
  return w;
}

/// The device session for p.device == kCuda: every row standardised once and uploaded with the labels.
std::unique_ptr<cuda::MlpSession> device_session(const Problem& pr) {
  if (pr.p.device != Device::kCuda) return nullptr;
  std::vector<float> z(pr.x.n * pr.x.d);
  cpu::standardize(pr.x.data, pr.x.n, pr.x.d, pr.model.means.data(), pr.model.stds.data(), z.data());
  const cuda::MlpDeviceShape shape{pr.shape.sizes, pr.shape.w_at, pr.shape.b_at, pr.shape.total};
  return std::make_unique<cuda::MlpSession>(shape, z.data(), pr.y, pr.x.n, pr.model.weights.data(), pr.p.learning_rate,
                                            pr.p.l2, pr.p.positive_weight);
}

}  // namespace

MlpTraining train_mlp(const DenseRowsView& x, const float* y, const MlpParams& p, const std::vector<float>* initial,
                      ThreadPool& pool) {
  const cpu::MlpShape shape(x.d, p.hidden);
  if (x.n == 0 || x.d == 0 || p.batch_size == 0) throw std::invalid_argument("trainMlp: empty problem");
  if (initial != nullptr && initial->size() != shape.total) throw std::invalid_argument("trainMlp: bad initial weights");
  cpu::Mulberry32 rng(p.seed);
  std::vector<std::size_t> order(x.n);
  for (std::size_t i = 0; i < x.n; ++i) order[i] = i;
  fisher_yates(order, rng);
  const auto held = std::min(x.n - 1, static_cast<std::size_t>(std::floor(static_cast<double>(x.n) * p.validation_fraction)));
  std::vector<std::size_t> validation(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(held));
  std::vector<std::size_t> train(order.begin() + static_cast<std::ptrdiff_t>(held), order.end());
  MlpTraining out;
  MlpModel& model = out.model;
  model.d = x.d;
  model.hidden = p.hidden;
  fit_standardization(x, train, model);
  model.weights = initial != nullptr ? *initial : initial_weights(shape, rng);
  std::vector<float> best = model.weights;
  double best_loss = INFINITY;
  Adam adam(shape, p);
  const Problem pr{x, y, p, shape, model};
  const std::unique_ptr<cuda::MlpSession> gpu = device_session(pr);
  for (std::size_t epoch = 0; epoch < p.epochs; ++epoch) {
    fisher_yates(train, rng);
    double sum = 0;
    for (std::size_t at = 0; at < train.size(); at += p.batch_size) {
      const std::size_t count = std::min(p.batch_size, train.size() - at);
      sum += gpu ? gpu->batch_step(train.data() + at, count)
                 : batch_step(pr, train.data() + at, count, adam, model.weights, pool);
    }
    if (gpu) gpu->weights(model.weights.data());
    out.train_loss.push_back(static_cast<float>(sum / static_cast<double>(train.size())));
    if (validation.empty()) {
      out.best_epoch = epoch;
      continue;
    }
    const double loss = gpu ? gpu->mean_loss(validation.data(), validation.size()) : mean_loss(pr, validation, pool);
    out.validation_loss.push_back(static_cast<float>(loss));
    if (loss < best_loss) {
      best_loss = loss, out.best_epoch = epoch, best = model.weights;
    } else if (epoch - out.best_epoch >= p.patience) {
      break;
    }
  }
  if (!validation.empty()) model.weights = std::move(best);
  return out;
}

}  // namespace aisle
