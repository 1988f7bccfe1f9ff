// MLP training steps on the GPU with the CPU's math (src/cpu/mlp.cc, mlp_net.cc): ReLU layers, sigmoid output,
// weighted cross-entropy, gradient averaged over the batch, Adam (float64 moments) with coupled L2 on the weights.
// Simple one-thread-per-output kernels: correctness over speed. The host keeps the shuffles and early stopping.
#include <cmath>
#include <vector>

#include "aisle/device.h"
#include "device_buffer.h"

namespace aisle::cuda {
namespace {

constexpr int kThreads = 256;

unsigned blocks_for(std::size_t n) { return static_cast<unsigned>((n + kThreads - 1) / kThreads); }

__global__ void gather_rows(const float* z, const int* rows, int count, int d, float* out) {
  const std::size_t e = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (e >= static_cast<std::size_t>(count) * d) return;
  out[e] = z[static_cast<std::size_t>(rows[e / d]) * d + e % d];
}

__global__ void dense_forward(const float* in, int count, int n_in, const float* w, const float* b, int n_out, bool relu,
                              float* out) {
  const std::size_t e = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (e >= static_cast<std::size_t>(count) * n_out) return;
  const std::size_t r = e / n_out, o = e % n_out;
  float s = b[o];
  for (int i = 0; i < n_in; ++i) s += in[r * n_in + i] * w[o * n_in + i];
  out[e] = relu ? fmaxf(s, 0.0f) : s;
}

__device__ double softplus(double u) { return fmax(u, 0.0) + log1p(exp(-fabs(u))); }

__device__ float sigmoid(float t) {
  if (t >= 0) return 1.0f / (1.0f + expf(-t));
  const float e = expf(t);
  return e / (1.0f + e);
}

/// Per row: the weighted loss, and ∂loss/∂logit divided by `scale` (the batch size) into delta.
__global__ void loss_delta(const float* logit, const float* y_all, const int* rows, int count, double positive_weight,
                           float scale, float* delta, double* loss) {
  const int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= count) return;
  const float t = logit[r], y = y_all[rows[r]];
  const double weight = y > 0.5f ? positive_weight : 1.0;
  delta[r] = static_cast<float>(weight * (sigmoid(t) - y)) / scale;
  loss[r] = weight * (y * softplus(-t) + (1.0 - y) * softplus(t));
}

/// gw[o][i] = Σ_r delta[r][o]·in[r][i]; the column i = n_in is the bias (input 1).
__global__ void layer_grad(const float* delta, const float* in, int count, int n_in, int n_out, float* gw, float* gb) {
  const std::size_t e = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (e >= static_cast<std::size_t>(n_out) * (n_in + 1)) return;
  const int o = static_cast<int>(e / (n_in + 1)), i = static_cast<int>(e % (n_in + 1));
  float s = 0;
  for (int r = 0; r < count; ++r)
    s += delta[static_cast<std::size_t>(r) * n_out + o] * (i == n_in ? 1.0f : in[static_cast<std::size_t>(r) * n_in + i]);
  if (i == n_in) gb[o] = s;
  else gw[static_cast<std::size_t>(o) * n_in + i] = s;
}

/// delta_prev[r][i] = Σ_o delta[r][o]·W[o][i], zero where the ReLU below was off.
__global__ void layer_back(const float* delta, const float* w, const float* in, int count, int n_in, int n_out,
                           float* prev) {
  const std::size_t e = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (e >= static_cast<std::size_t>(count) * n_in) return;
  const std::size_t r = e / n_in, i = e % n_in;
  float s = 0;
  for (int o = 0; o < n_out; ++o) s += delta[r * n_out + o] * w[static_cast<std::size_t>(o) * n_in + i];
  prev[e] = in[e] > 0.0f ? s : 0.0f;
}

__global__ void adam_step(float* w, const float* g, double* m, double* v, const unsigned char* decay, int total,
                          double lr, double l2, double c1, double c2) {
  const int e = blockIdx.x * blockDim.x + threadIdx.x;
  if (e >= total) return;
  const double grad = g[e] + (decay[e] ? l2 * w[e] : 0.0);
  m[e] = 0.9 * m[e] + 0.1 * grad;
  v[e] = 0.999 * v[e] + 0.001 * grad * grad;
  w[e] = static_cast<float>(w[e] - lr * (m[e] / c1) / (sqrt(v[e] / c2) + 1e-8));
}

}  // namespace

struct MlpSession::Impl {
  MlpDeviceShape shape;
  std::size_t d;
  DeviceBuffer<float> z, y, w, grad, input, delta, prev;
  DeviceBuffer<double> m, v, loss;
  DeviceBuffer<unsigned char> decay;
  DeviceBuffer<int> rows;
  std::vector<DeviceBuffer<float>> acts;
  double lr, l2, positive_weight;
  int t = 0;

  Impl(const MlpDeviceShape& s, const float* zh, const float* yh, std::size_t n, const float* wh)
      : shape(s), d(s.sizes[0]), z(zh, n * s.sizes[0]), y(yh, n), w(wh, s.total), grad(s.total), m(s.total),
        v(s.total), decay(s.total), acts(s.sizes.size() - 1) {
    m.zero();
    v.zero();
    std::vector<unsigned char> mask(s.total, 0);
    for (std::size_t l = 0; l + 1 < s.sizes.size(); ++l)
      for (std::size_t e = 0; e < s.sizes[l] * s.sizes[l + 1]; ++e) mask[s.w_at[l] + e] = 1;
    decay.upload(mask.data(), s.total);
  }

  /// Forward pass of the listed rows; returns the summed loss and leaves ∂loss/∂logit / scale in delta.
  double forward(const std::size_t* host_rows, std::size_t count, float scale) {
    std::vector<int> r(host_rows, host_rows + count);
    rows.resize(count);
    rows.upload(r.data(), count);
    input.resize(count * d);
    gather_rows<<<blocks_for(count * d), kThreads>>>(z.get(), rows.get(), static_cast<int>(count), static_cast<int>(d),
                                                     input.get());
    CHECK_LAUNCH();
    const float* in = input.get();
    const std::size_t layers = shape.sizes.size() - 1;
    for (std::size_t l = 0; l < layers; ++l) {
      const std::size_t n_out = shape.sizes[l + 1];
      acts[l].resize(count * n_out);
      dense_forward<<<blocks_for(count * n_out), kThreads>>>(in, static_cast<int>(count), static_cast<int>(shape.sizes[l]),
                                                             w.get() + shape.w_at[l], w.get() + shape.b_at[l],
                                                             static_cast<int>(n_out), l + 1 < layers, acts[l].get());
      CHECK_LAUNCH();
      in = acts[l].get();
    }
    delta.resize(count);
    loss.resize(count);
    loss_delta<<<blocks_for(count), kThreads>>>(acts[layers - 1].get(), y.get(), rows.get(), static_cast<int>(count),
                                                positive_weight, scale, delta.get(), loss.get());
    CHECK_LAUNCH();
    std::vector<double> host(count);
    loss.download(host.data(), count);
    double sum = 0;
    for (double l : host) sum += l;
    return sum;
  }

  void backward(std::size_t count) {
    const int c = static_cast<int>(count);
    for (std::size_t l = shape.sizes.size() - 1; l-- > 0;) {
      const int n_in = static_cast<int>(shape.sizes[l]), n_out = static_cast<int>(shape.sizes[l + 1]);
      const float* in = l == 0 ? input.get() : acts[l - 1].get();
      layer_grad<<<blocks_for(static_cast<std::size_t>(n_out) * (n_in + 1)), kThreads>>>(
          delta.get(), in, c, n_in, n_out, grad.get() + shape.w_at[l], grad.get() + shape.b_at[l]);
      CHECK_LAUNCH();
      if (l == 0) break;  // ∂/∂z is not needed for training
      prev.resize(count * n_in);
      layer_back<<<blocks_for(count * n_in), kThreads>>>(delta.get(), w.get() + shape.w_at[l], in, c, n_in, n_out,
                                                         prev.get());
      CHECK_LAUNCH();
      std::swap(delta, prev);
    }
  }
};

MlpSession::MlpSession(const MlpDeviceShape& shape, const float* z, const float* y, std::size_t n, const float* weights,
                       double learning_rate, double l2, double positive_weight)
    : impl_(std::make_unique<Impl>(shape, z, y, n, weights)) {
  impl_->lr = learning_rate;
  impl_->l2 = l2;
  impl_->positive_weight = positive_weight;
}

MlpSession::~MlpSession() = default;

double MlpSession::batch_step(const std::size_t* rows, std::size_t count) {
  Impl& s = *impl_;
  const double loss = s.forward(rows, count, static_cast<float>(count));
  s.backward(count);
  ++s.t;
  const double c1 = 1.0 - std::pow(0.9, s.t), c2 = 1.0 - std::pow(0.999, s.t);
  adam_step<<<blocks_for(s.shape.total), kThreads>>>(s.w.get(), s.grad.get(), s.m.get(), s.v.get(), s.decay.get(),
                                                     static_cast<int>(s.shape.total), s.lr, s.l2, c1, c2);
  CHECK_LAUNCH();
  return loss;
}

double MlpSession::mean_loss(const std::size_t* rows, std::size_t count) {
  return impl_->forward(rows, count, 1.0f) / static_cast<double>(count);
}

void MlpSession::weights(float* out) const {
  impl_->w.download(out, impl_->shape.total);
}

}  // namespace aisle::cuda
