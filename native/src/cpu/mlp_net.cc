// The MLP's layer loops. Sums run over inputs (forward) and rows (gradients) in index order, the order the
// TypeScript reference (src/compute/reference/mlp.reference.ts) uses.
#include "mlp_net.h"

#include <algorithm>

namespace aisle::cpu {
namespace {

/// out = in · Wᵀ + b (wt is W transposed, in × out), ReLU when asked. Written once and compiled twice: the AVX2
/// clone vectorises the output loop 8 wide; with -ffp-contract=off both round identically (no fused multiply-add).
/// Narrow layers (the 1-wide logit) go 8 rows at a time instead, so 8 independent sums hide the add latency.
/// Either way each output is b + Σ_i in_i·w_i summed in input order, as the reference sums.
#define AISLE_DENSE_LAYER_BODY                                                     \
  std::size_t r = 0;                                                               \
  if (n_out < 8)                                                                   \
    for (; r + 8 <= rows; r += 8)                                                  \
      for (std::size_t j = 0; j < n_out; ++j) {                                    \
        float acc[8];                                                              \
        for (std::size_t q = 0; q < 8; ++q) acc[q] = b[j];                         \
        for (std::size_t i = 0; i < n_in; ++i) {                                   \
          const float wv = wt[i * n_out + j];                                      \
          for (std::size_t q = 0; q < 8; ++q) acc[q] += in[(r + q) * n_in + i] * wv; \
        }                                                                          \
        for (std::size_t q = 0; q < 8; ++q)                                        \
          out[(r + q) * n_out + j] = relu && !(acc[q] > 0.0f) ? 0.0f : acc[q];     \
      }                                                                            \
  for (; r < rows; ++r) {                                                          \
    float* __restrict o = out + r * n_out;                                         \
    for (std::size_t j = 0; j < n_out; ++j) o[j] = b[j];                           \
    for (std::size_t i = 0; i < n_in; ++i) {                                       \
      const float a = in[r * n_in + i];                                            \
      const float* __restrict col = wt + i * n_out;                                \
      for (std::size_t j = 0; j < n_out; ++j) o[j] += a * col[j];                  \
    }                                                                              \
    if (relu)                                                                      \
      for (std::size_t j = 0; j < n_out; ++j) o[j] = o[j] > 0.0f ? o[j] : 0.0f;    \
  }

void dense_layer_portable(const float* in, std::size_t rows, std::size_t n_in, const float* wt, const float* b,
                          std::size_t n_out, bool relu, float* out) {
  AISLE_DENSE_LAYER_BODY
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void dense_layer_avx2(const float* in, std::size_t rows, std::size_t n_in,
                                                      const float* wt, const float* b, std::size_t n_out, bool relu,
                                                      float* out) {
  AISLE_DENSE_LAYER_BODY
}
#endif

using DenseLayer = void (*)(const float*, std::size_t, std::size_t, const float*, const float*, std::size_t, bool,
                            float*);

DenseLayer pick_dense_layer() {
#if defined(__x86_64__) || defined(__i386__)
  if (__builtin_cpu_supports("avx2")) return dense_layer_avx2;
#endif
  return dense_layer_portable;
}

const DenseLayer dense_layer = pick_dense_layer();

}  // namespace

MlpShape::MlpShape(std::size_t d, const std::vector<std::size_t>& hidden) {
  sizes.push_back(d);
  sizes.insert(sizes.end(), hidden.begin(), hidden.end());
  sizes.push_back(1);
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
    w_at.push_back(total);
    total += sizes[l] * sizes[l + 1];
    b_at.push_back(total);
    total += sizes[l + 1];
  }
}

std::vector<float> transpose_layers(const MlpShape& shape, const float* w) {
  std::vector<float> t(shape.total);
  for (std::size_t l = 0; l < shape.layers(); ++l) {
    const std::size_t in = shape.sizes[l], out = shape.sizes[l + 1], at = shape.w_at[l];
    for (std::size_t o = 0; o < out; ++o)
      for (std::size_t i = 0; i < in; ++i) t[at + i * out + o] = w[at + o * in + i];
  }
  return t;
}

void standardize(const float* x, std::size_t rows, std::size_t d, const float* means, const float* stds, float* z) {
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t f = 0; f < d; ++f) z[r * d + f] = (x[r * d + f] - means[f]) / stds[f];
}

void forward_block(const MlpShape& shape, const float* w, const float* wt, std::size_t rows, MlpScratch& s) {
  s.acts.resize(shape.layers());
  const float* in = s.z.data();
  for (std::size_t l = 0; l < shape.layers(); ++l) {
    const std::size_t n_out = shape.sizes[l + 1];
    s.acts[l].resize(rows * n_out);
    dense_layer(in, rows, shape.sizes[l], wt + shape.w_at[l], w + shape.b_at[l], n_out, l + 1 < shape.layers(),
                s.acts[l].data());
    in = s.acts[l].data();
  }
}

void backward_block(const MlpShape& shape, const float* w, std::size_t rows, MlpScratch& s, float* grad) {
  for (std::size_t l = shape.layers(); l-- > 0;) {
    const std::size_t n_in = shape.sizes[l], n_out = shape.sizes[l + 1];
    const float* in = l == 0 ? s.z.data() : s.acts[l - 1].data();
    const float* wl = w + shape.w_at[l];
    if (grad != nullptr) {
      float* gw = grad + shape.w_at[l];
      float* gb = grad + shape.b_at[l];
      for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t o = 0; o < n_out; ++o) {
          const float dv = s.delta[r * n_out + o];
          gb[o] += dv;
          for (std::size_t i = 0; i < n_in; ++i) gw[o * n_in + i] += dv * in[r * n_in + i];
        }
    }
    s.delta_prev.assign(rows * n_in, 0.0f);
    for (std::size_t r = 0; r < rows; ++r) {
      float* dp = s.delta_prev.data() + r * n_in;
      for (std::size_t o = 0; o < n_out; ++o) {
        const float dv = s.delta[r * n_out + o];
        for (std::size_t i = 0; i < n_in; ++i) dp[i] += dv * wl[o * n_in + i];
      }
      if (l > 0)  // through the ReLU of the layer below: no gradient where it was off
        for (std::size_t i = 0; i < n_in; ++i)
          if (!(in[r * n_in + i] > 0.0f)) dp[i] = 0.0f;
    }
    s.delta.swap(s.delta_prev);
  }
}

}  // namespace aisle::cpu
