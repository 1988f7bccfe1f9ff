// Where a kernel runs, and the CUDA entry points behind the CPU interfaces (topk_dot, train_als, train_mlp).
// Pure C++: no CUDA headers, so CPU files may call these; without CUDA they are stubs that throw (cuda_absent.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace aisle {

/// The device a request runs on. kCuda is only set by the binding when a device answered (see addon_state.h).
enum class Device { kCpu, kCuda };

struct TopKInput;
struct TopKOutput;
struct CsrView;
struct AlsParams;

namespace cuda {

/// True in builds with CUDA (whether or not a device is present).
bool compiled();

/// topk_dot on device 0 for validated, finite inputs; exclusions sorted per query. Same output contract.
void topk_dot(const TopKInput& in, const TopKOutput& out, const std::int32_t* sorted_exclusions);

/// ALS factors resident on the device: CSR both ways and both factor matrices, half-sweeps by per-row CG.
class AlsSession {
 public:
  AlsSession(const CsrView& user_items, const CsrView& item_users, std::size_t d, const float* user_factors,
             const float* item_factors);
  ~AlsSession();
  /// Users given items (users = true) or items given users: the same CG math as the CPU path, in float.
  void half_sweep(bool users, const AlsParams& params);
  void download(float* user_factors, float* item_factors) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The MLP's per-batch work on the device: forward, weighted cross-entropy, backward, Adam with coupled L2.
struct MlpDeviceShape {
  std::vector<std::size_t> sizes, w_at, b_at;
  std::size_t total = 0;
};

class MlpSession {
 public:
  /// z: n × d standardised inputs; y: n labels; weights: the initial flat weights.
  MlpSession(const MlpDeviceShape& shape, const float* z, const float* y, std::size_t n, const float* weights,
             double learning_rate, double l2, double positive_weight);
  ~MlpSession();
  /// One mini-batch of the given rows: mean gradient, Adam step; returns the summed (weighted) loss.
  double batch_step(const std::size_t* rows, std::size_t count);
  /// Mean loss over the given rows at the current weights.
  double mean_loss(const std::size_t* rows, std::size_t count);
  void weights(float* out) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cuda
}  // namespace aisle
