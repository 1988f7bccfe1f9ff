// The MLP's layer loops. Sums run over inputs (forward) and rows (gradients) in index order, the order the
// TypeScript reference (src/compute/reference/mlp.reference.ts) uses.
#include "mlp_net.h"

#include <algorithm>

namespace aisle::cpu {

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
    const std::size_t n_in = shape.sizes[l], n_out = shape.sizes[l + 1];
    const float* wl = wt + shape.w_at[l];
    const float* b = w + shape.b_at[l];
    std::vector<float>& out = s.acts[l];
    out.resize(rows * n_out);
    for (std::size_t r = 0; r < rows; ++r) {
      float* o = out.data() + r * n_out;
      std::copy_n(b, n_out, o);
      for (std::size_t i = 0; i < n_in; ++i) {
        const float a = in[r * n_in + i];
        if (a == 0.0f) continue;  // ReLU zeros add nothing; skipping them is exact
        const float* col = wl + i * n_out;
        for (std::size_t j = 0; j < n_out; ++j) o[j] += a * col[j];
      }
      if (l + 1 < shape.layers())
        for (std::size_t j = 0; j < n_out; ++j) o[j] = std::max(o[j], 0.0f);
    }
    in = out.data();
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
          if (dv == 0.0f) continue;
          gb[o] += dv;
          for (std::size_t i = 0; i < n_in; ++i) gw[o * n_in + i] += dv * in[r * n_in + i];
        }
    }
    s.delta_prev.assign(rows * n_in, 0.0f);
    for (std::size_t r = 0; r < rows; ++r) {
      float* dp = s.delta_prev.data() + r * n_in;
      for (std::size_t o = 0; o < n_out; ++o) {
        const float dv = s.delta[r * n_out + o];
        if (dv == 0.0f) continue;
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
