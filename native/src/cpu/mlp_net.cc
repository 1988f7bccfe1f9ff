// The MLP's layer loops. Sums run over inputs (forward) and rows (gradients) in index order, the order the
// TypeScript reference (src/compute/reference/mlp.reference.ts) uses.
#include "mlp_net.h"

#include <algorithm>

#include "simd_clones.h"

namespace aisle::cpu {
namespace {

/// Narrow layers (the 1-wide logit): 8 rows at a time, so 8 independent sums hide the add latency.
void narrow_rows(const float* in, std::size_t n_in, const float* wt, const float* b, std::size_t n_out, bool relu,
                 float* out) {
  for (std::size_t j = 0; j < n_out; ++j) {
    float acc[8];
    for (std::size_t q = 0; q < 8; ++q) acc[q] = b[j];
    for (std::size_t i = 0; i < n_in; ++i) {
      const float wv = wt[i * n_out + j];
      for (std::size_t q = 0; q < 8; ++q) acc[q] += in[q * n_in + i] * wv;
    }
    for (std::size_t q = 0; q < 8; ++q) out[q * n_out + j] = relu && !(acc[q] > 0.0f) ? 0.0f : acc[q];
  }
}

/// One row: outputs 32 at a time in four register vectors, then 8 at a time, then singly.
inline void wide_row(const float* x, std::size_t n_in, const float* wt, const float* b, std::size_t n_out,
                     bool relu, float* o) {
  std::size_t j0 = 0;
  for (; j0 + 32 <= n_out; j0 += 32) {
    Lanes8 a0 = load8(b + j0), a1 = load8(b + j0 + 8), a2 = load8(b + j0 + 16), a3 = load8(b + j0 + 24);
    for (std::size_t i = 0; i < n_in; ++i) {
      const float a = x[i];
      const float* col = wt + i * n_out + j0;
      a0 += a * load8(col), a1 += a * load8(col + 8), a2 += a * load8(col + 16), a3 += a * load8(col + 24);
    }
    store8(o + j0, a0), store8(o + j0 + 8, a1), store8(o + j0 + 16, a2), store8(o + j0 + 24, a3);
  }
  for (; j0 + 8 <= n_out; j0 += 8) {
    Lanes8 acc = load8(b + j0);
    for (std::size_t i = 0; i < n_in; ++i) acc += x[i] * load8(wt + i * n_out + j0);
    store8(o + j0, acc);
  }
  for (; j0 < n_out; ++j0) {
    float acc = b[j0];
    for (std::size_t i = 0; i < n_in; ++i) acc += x[i] * wt[i * n_out + j0];
    o[j0] = acc;
  }
  if (relu)
    for (std::size_t j = 0; j < n_out; ++j) o[j] = o[j] > 0.0f ? o[j] : 0.0f;
}

/**
 * out = in · Wᵀ + b for `rows` rows (wt is W transposed, in × out), ReLU when asked. Each output is b plus
 * Σ_i in_i·w_i summed in input order — as the reference sums — with the partial sums held in registers.
 */
AISLE_SIMD_CLONES void dense_layer(const float* in, std::size_t rows, std::size_t n_in, const float* wt,
                                   const float* b, std::size_t n_out, bool relu, float* out) {
  std::size_t r = 0;
  if (n_out < 8)
    for (; r + 8 <= rows; r += 8) narrow_rows(in + r * n_in, n_in, wt, b, n_out, relu, out + r * n_out);
  for (; r < rows; ++r) wide_row(in + r * n_in, n_in, wt, b, n_out, relu, out + r * n_out);
}

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
    // ∂/∂in = delta · W: a dense layer whose "transposed weights" are W itself (out × in), with zero bias, so it
    // shares the vectorised loop and sums over the outputs in order.
    s.zeros.assign(n_in, 0.0f);
    s.delta_prev.resize(rows * n_in);
    dense_layer(s.delta.data(), rows, n_out, wl, s.zeros.data(), n_in, false, s.delta_prev.data());
    if (l > 0)  // through the ReLU of the layer below: no gradient where it was off (a select, not a branch)
      for (std::size_t e = 0; e < rows * n_in; ++e) s.delta_prev[e] = in[e] > 0.0f ? s.delta_prev[e] : 0.0f;
    s.delta.swap(s.delta_prev);
  }
}

}  // namespace aisle::cpu
