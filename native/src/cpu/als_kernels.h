// Internal to the ALS: the per-row inner loops, in a portable tier and an AVX2+FMA tier picked at run time.
#pragma once

#include <cstddef>
#include <cstdint>

#include "aisle/topk.h"  // KernelTier, best_kernel_tier

namespace aisle::cpu {

/// The kernels one ALS row solve needs. y is the fixed factor matrix (n × d, row-major), v and out length d.
struct AlsKernels {
  /// Σ_k a[k]·b[k].
  float (*dot)(const float* a, const float* b, std::size_t d);
  /// out = m·v for the symmetric d × d matrix m.
  void (*matvec)(const float* m, const float* v, std::size_t d, float* out);
  /// out += Σ_{k<n} (c_k − 1)(y_{idx_k}·v) y_{idx_k} with c_k = 1 + alpha·vals[k]: the data term of A·v.
  void (*add_implicit)(const float* y, std::size_t d, const std::int32_t* idx, const float* vals, std::size_t n,
                       float alpha, const float* v, float* out);
  /// out += Σ_{k<n} (c_k − (c_k − 1)(y_{idx_k}·x)) y_{idx_k}: the data term of b − A·x.
  void (*add_residual)(const float* y, std::size_t d, const std::int32_t* idx, const float* vals, std::size_t n,
                       float alpha, const float* x, float* out);
  /// g (d × d) += Σ_{r<rows} y_r y_rᵀ.
  void (*gram_add)(const float* y, std::size_t rows, std::size_t d, float* g);
};

/// The kernels for a tier; kAuto resolves through best_kernel_tier(), kAvx2 without CPU support falls back.
const AlsKernels& als_kernels_for(KernelTier tier);

}  // namespace aisle::cpu
