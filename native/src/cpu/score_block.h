// Internal to the CPU top-K: scoring one query against a contiguous block of items.
#pragma once

#include <cstddef>

#include "aisle/topk.h"

namespace aisle::cpu {

/// out[j] = dot(q, items + j*d) for j < n. Every item's score is computed by the same sequence of
/// operations wherever it sits in the block, so identical item vectors always get bit-identical scores
/// (ties then fall to the id order, as the contract promises).
/// Scores nq consecutive query rows (q, q + d, ...) against the block: out[t * out_stride + j] = dot(q_t, x_j).
/// Tiling several queries lets one load of an item feed several FMA chains; the per-pair arithmetic is
/// unchanged, so results equal nq separate block calls bit for bit.
using ScoreTileFn = void (*)(const float* q, std::size_t nq, const float* items, std::size_t n, std::size_t d,
                             float* out, std::size_t out_stride);

/// The kernel for a tier; kAuto resolves through best_kernel_tier(). Asking for kAvx2 on a CPU without it
/// falls back to scalar rather than crash.
ScoreTileFn score_tile_for(KernelTier tier);

}  // namespace aisle::cpu
