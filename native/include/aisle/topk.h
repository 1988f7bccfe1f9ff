// Batched top-K of dot products: for each query, the k items with the highest q·x + bias.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "aisle/device.h"

namespace aisle {

class ThreadPool;

/// Which scoring kernel to use. kAuto picks the best the CPU supports; kScalar forces the portable one
/// (tests compare the tiers, benchmarks measure them).
enum class KernelTier { kAuto, kScalar, kAvx2 };

/// Borrowed, row-major inputs. Optional arrays are null when absent. Nothing is copied: the caller keeps
/// the memory alive and unchanged until topk_dot returns.
struct TopKInput {
  const float* queries = nullptr;  ///< nq × d
  const float* items = nullptr;    ///< ni × d
  std::size_t nq = 0;
  std::size_t ni = 0;
  std::size_t d = 0;
  std::size_t k = 0;
  const std::int32_t* exclude_offsets = nullptr;  ///< CSR row pointers, nq + 1 entries (with exclude_ids)
  const std::int32_t* exclude_ids = nullptr;      ///< exclude_offsets[nq] item ids
  const std::uint8_t* allow = nullptr;            ///< ni flags; items with 0 are never returned
  const float* bias = nullptr;                    ///< ni values added to every score of that item
  Device device = Device::kCpu;                   ///< kCuda: scored on the GPU (the binding sets it only when one answers)
};

/// Caller-owned outputs: ids and scores hold nq × k slots, counts nq.
struct TopKOutput {
  std::int32_t* ids = nullptr;
  float* scores = nullptr;
  std::int32_t* counts = nullptr;
};

/// Thrown when queries, items or bias hold NaN or ±Infinity. Detected inside the scan (a non-finite score
/// sends the kernel to look at that query, item and bias), so checking costs nothing on valid input; the
/// caller locates the first offending element itself when it needs to name it.
class NonFiniteInput : public std::invalid_argument {
 public:
  NonFiniteInput() : std::invalid_argument("topK: queries, items or bias contain NaN or Infinity") {}
};

/**
 * Writes, for every query, up to k eligible items ordered by score descending and then by item id ascending,
 * so the answer is unique and does not depend on thread count or tier beyond float rounding. An item is
 * eligible unless the allow mask has 0 for it, it is in the query's exclusion list, or its score is NaN
 * (possible only when float32 overflow gives inf - inf). counts[q] is the number written; the remaining slots
 * hold id -1 and score NaN (NaN is never a real score, so padding cannot be mistaken for a result).
 * Throws NonFiniteInput for NaN/±Infinity inputs (whereas a score that overflows float32 from finite inputs is
 * kept, or skipped when NaN), and std::invalid_argument when d or k is 0 or the exclusion CSR is malformed.
 */
void topk_dot(const TopKInput& in, const TopKOutput& out, ThreadPool& pool, KernelTier tier = KernelTier::kAuto);

/// The tier kAuto resolves to on this CPU (decided once; the answer never changes within a process).
KernelTier best_kernel_tier();

}  // namespace aisle
