// Top-K recommendation for sparse user rows against an item × item model (EASE's dense B, item-kNN's sparse S).
#pragma once

#include <cstddef>
#include <cstdint>

#include "aisle/sparse_rows.h"

namespace aisle {

class ThreadPool;

/// The item × item weights: exactly one of `dense` (items × items, row-major) or `sparse` (items rows) is set.
struct ItemItemModel {
  const float* dense = nullptr;
  SparseRowsView sparse;
  std::size_t items = 0;
};

/// Caller-owned outputs: ids and scores hold users × k slots, counts users.
struct SparseScoreOutput {
  std::int32_t* ids = nullptr;
  float* scores = nullptr;
  std::int32_t* counts = nullptr;
};

/// Optional business filters applied inside the top-K (null pointers mean "none").
struct SparseScoreFilter {
  /// items flags; an item whose flag is 0 is never returned (out of stock, wrong category, …).
  const std::uint8_t* allow = nullptr;
  /// Per-user exclusion lists as CSR over users (offsets has users + 1 entries); ids must be in [0, items).
  const std::int32_t* exclude_offsets = nullptr;
  const std::int32_t* exclude_ids = nullptr;
};

/**
 * For each user row u, scores s_j = Σ_{i in u} x_ui · W[i, j] over all items and writes the k best, score
 * descending then id ascending; items in the user's own row are skipped when exclude_own is set (the training
 * items of an evaluation). Unreached items score 0 and still rank, so a row gets min(k, eligible items) results;
 * the remaining slots hold id -1 and score NaN. `filter` removes items (allow flags, per-user lists) before ranking,
 * so a row is never shorter than k while k eligible items exist. Parallel over users; scores summed in row order (deterministic).
 * Throws std::invalid_argument for malformed inputs.
 */
void sparse_score_topk(const SparseRowsView& users, const ItemItemModel& model, std::size_t k, bool exclude_own,
                       const SparseScoreOutput& out, ThreadPool& pool, const SparseScoreFilter& filter = {});

}  // namespace aisle
