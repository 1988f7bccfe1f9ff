// Internal: the layer arithmetic the MLP training, prediction and attribution share, over blocks of rows.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

#include "aisle/mlp.h"

namespace aisle::cpu {

/// Layer sizes (d, hidden…, 1) and where each layer's W (out × in) and b start in the flat weight vector.
struct MlpShape {
  std::vector<std::size_t> sizes, w_at, b_at;
  std::size_t total = 0;

  MlpShape(std::size_t d, const std::vector<std::size_t>& hidden);
  std::size_t layers() const { return sizes.size() - 1; }
};

/// Per-block buffers: acts[l] holds layer l's outputs (rows × sizes[l+1]; ReLU applied except on the logit).
struct MlpScratch {
  std::vector<float> z;                   // standardised inputs, rows × d
  std::vector<std::vector<float>> acts;   // per layer
  std::vector<float> delta, delta_prev;   // backward signals
  std::vector<float> zeros;               // a zero bias for the backward products
};

/// Every layer's W transposed to in × out, so the forward pass vectorises over a layer's outputs.
std::vector<float> transpose_layers(const MlpShape& shape, const float* w);

/// z = (x − means) / stds for `rows` rows.
void standardize(const float* x, std::size_t rows, std::size_t d, const float* means, const float* stds, float* z);

/// Forward pass of s.z (rows × d); fills s.acts. `wt` from transpose_layers, `w` the flat weights (for biases).
void forward_block(const MlpShape& shape, const float* w, const float* wt, std::size_t rows, MlpScratch& s);

/**
 * Backward pass from s.delta (rows × 1, ∂loss/∂logit per row) after forward_block: adds ∂loss/∂W and ∂loss/∂b
 * to `grad` (laid out like the weights) when grad is not null, and leaves ∂loss/∂z (rows × d) in s.delta.
 */
void backward_block(const MlpShape& shape, const float* w, std::size_t rows, MlpScratch& s, float* grad);

/// Numerically stable σ(t).
inline float sigmoid(float t) {
  if (t >= 0) return 1.0f / (1.0f + std::exp(-t));
  const float e = std::exp(t);
  return e / (1.0f + e);
}

}  // namespace aisle::cpu
