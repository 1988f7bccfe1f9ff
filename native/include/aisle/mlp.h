// A small multilayer perceptron for binary outcomes (propensity): ReLU hidden layers, a sigmoid output, weighted
// binary cross-entropy, Adam with L2, mini-batches and early stopping on a seeded validation split.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "aisle/dense_rows.h"
#include "aisle/device.h"

namespace aisle {

class ThreadPool;

struct MlpParams {
  std::vector<std::size_t> hidden{32};  ///< hidden layer widths, input side first (may be empty: logistic regression)
  double learning_rate = 1e-3;          ///< Adam step size (β1 = 0.9, β2 = 0.999, ε = 1e-8)
  double l2 = 1e-4;                     ///< added as l2·w to the gradient of every weight (not the biases)
  std::size_t epochs = 200;
  std::size_t batch_size = 256;
  double validation_fraction = 0.2;     ///< ⌊n·fraction⌋ rows held out for early stopping; 0 = none
  std::size_t patience = 10;            ///< stop after this many epochs without a lower validation loss
  std::uint32_t seed = 42;
  double positive_weight = 1.0;         ///< weight of the y = 1 terms in the loss
  Device device = Device::kCpu;         ///< kCuda: forward, backward and Adam on the GPU (same math, float)
};

/**
 * A trained network. `weights` holds, layer by layer from the input, W (out × in, row-major) then b (out); the
 * layer sizes are d, hidden…, 1. Inputs are standardised with (x − means) / stds before the first layer (stds of
 * constant features are stored as 1).
 */
struct MlpModel {
  std::size_t d = 0;
  std::vector<std::size_t> hidden;
  std::vector<float> weights, means, stds;
};

struct MlpTraining {
  MlpModel model;                      ///< the weights of the best epoch (lowest validation loss)
  std::vector<float> train_loss;       ///< per epoch: mean weighted cross-entropy of its mini-batches
  std::vector<float> validation_loss;  ///< per epoch, after it; empty without a validation split
  std::size_t best_epoch = 0;          ///< 0-based index into the loss arrays
};

/// Number of weights and biases of a d → hidden… → 1 network.
std::size_t mlp_weight_count(std::size_t d, const std::vector<std::size_t>& hidden);

/**
 * Trains on n rows of x with labels y (0 or 1). One mulberry32(seed) stream drives, in this order: a Fisher–Yates
 * shuffle of the rows (the first ⌊n·validation_fraction⌋ are the validation split), the He-uniform initial
 * weights (hidden layers U(±√(6/in)), output layer U(±√(6/(in+1))), biases 0; skipped when `initial` is given)
 * and a Fisher–Yates reshuffle of the training rows before every epoch. Means and stds come from the training
 * rows. Each mini-batch's gradient is summed over fixed 32-row chunks in chunk order, so the result depends on
 * the seed and not the thread count. Throws std::invalid_argument on inconsistent sizes.
 */
MlpTraining train_mlp(const DenseRowsView& x, const float* y, const MlpParams& params,
                      const std::vector<float>* initial, ThreadPool& pool);

/// P(y = 1) for n rows, batched and parallel over row blocks. out has x.n entries. Throws std::invalid_argument
/// "x must be finite (got NaN at index i)" for the first non-finite input (mlp_contributions too).
void mlp_predict(const MlpModel& model, const DenseRowsView& x, float* out, ThreadPool& pool);

/**
 * Gradient × input attributions on the standardised inputs: out[i·d + f] = z_f · ∂logit/∂z_f for row i, where
 * z = (x − means) / stds and logit is the output before the sigmoid. For a network without hidden layers this is
 * exactly w_f·z_f, the feature's additive share of the logit. out has x.n × d entries.
 */
void mlp_contributions(const MlpModel& model, const DenseRowsView& x, float* out, ThreadPool& pool);

}  // namespace aisle
