// Sparse user rows × item-item weights → top-K, parallel over users; each task keeps one dense score buffer.
#include "aisle/sparse_score.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "aisle/thread_pool.h"
#include "top_heap.h"

namespace aisle {
namespace {

void fail(const std::string& message) { throw std::invalid_argument("scoreTopK: " + message); }

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

/// scores[j] = Σ_{i in row u} x_ui · W[i, j], summed in row order.
void score_row(const SparseRowsView& users, const ItemItemModel& m, std::size_t u, std::vector<float>& scores) {
  std::fill(scores.begin(), scores.end(), 0.0f);
  const std::size_t n = m.items;
  for (std::int32_t p = users.offsets[u]; p < users.offsets[u + 1]; ++p) {
    const std::size_t i = static_cast<std::size_t>(users.ids[p]);
    const float w = users.values[p];
    if (m.dense != nullptr) {
      const float* row = m.dense + i * n;
      for (std::size_t j = 0; j < n; ++j) scores[j] += w * row[j];
    } else {
      for (std::int32_t q = m.sparse.offsets[i]; q < m.sparse.offsets[i + 1]; ++q)
        scores[m.sparse.ids[q]] += w * m.sparse.values[q];
    }
  }
}

}  // namespace

void sparse_score_topk(const SparseRowsView& users, const ItemItemModel& model, std::size_t k, bool exclude_own,
                       const SparseScoreOutput& out, ThreadPool& pool, const SparseScoreFilter& filter) {
  if (k == 0) fail("k must be >= 1");
  if ((model.dense == nullptr) == (model.sparse.offsets == nullptr)) fail("give exactly one of dense or sparse");
  if (users.cols != model.items) fail("users' item count must equal the model's");
  check_sparse_rows("scoreTopK", users);
  if (model.sparse.offsets != nullptr) {
    if (model.sparse.rows != model.items || model.sparse.cols != model.items) fail("sparse model must be items × items");
    check_sparse_rows("scoreTopK", model.sparse);
  }
  const std::size_t n = model.items, cap = std::min(k, n);
  if ((filter.exclude_offsets == nullptr) != (filter.exclude_ids == nullptr)) fail("give both exclude lists or neither");
  if (filter.exclude_offsets != nullptr) {
    for (std::size_t u = 0; u < users.rows; ++u)
      if (filter.exclude_offsets[u] < 0 || filter.exclude_offsets[u + 1] < filter.exclude_offsets[u])
        fail("excludeOffsets must start >= 0 and never decrease");
    for (std::int32_t p = filter.exclude_offsets[0]; p < filter.exclude_offsets[users.rows]; ++p)
      if (filter.exclude_ids[p] < 0 || static_cast<std::size_t>(filter.exclude_ids[p]) >= n)
        fail("excludeIds must be item ids in [0, items)");
  }
  pool.parallel_for(0, users.rows, 8, [&](std::size_t b, std::size_t e) {
    std::vector<float> scores(n);
    std::vector<cpu::Hit> slots(cap);
    for (std::size_t u = b; u < e; ++u) {
      score_row(users, model, u, scores);
      if (exclude_own)
        for (std::int32_t p = users.offsets[u]; p < users.offsets[u + 1]; ++p) scores[users.ids[p]] = kNaN;
      if (filter.exclude_offsets != nullptr)
        for (std::int32_t p = filter.exclude_offsets[u]; p < filter.exclude_offsets[u + 1]; ++p)
          scores[filter.exclude_ids[p]] = kNaN;
      if (filter.allow != nullptr)
        for (std::size_t j = 0; j < n; ++j)
          if (filter.allow[j] == 0) scores[j] = kNaN;
      cpu::TopHeap heap(slots.data(), cap);
      float threshold = heap.threshold();
      for (std::size_t j = 0; j < n; ++j) {
        if (!(scores[j] >= threshold)) continue;  // NaN: excluded (or overflowed), never returned
        heap.offer(scores[j], static_cast<std::int32_t>(j));
        threshold = heap.threshold();
      }
      const std::size_t count = heap.size();
      std::sort(slots.begin(), slots.begin() + count, cpu::better);
      std::int32_t* ids = out.ids + u * k;
      float* sc = out.scores + u * k;
      for (std::size_t r = 0; r < count; ++r) {
        ids[r] = slots[r].id;
        sc[r] = slots[r].score;
      }
      std::fill(ids + count, ids + k, -1);
      std::fill(sc + count, sc + k, kNaN);
      out.counts[u] = static_cast<std::int32_t>(count);
    }
  });
}

}  // namespace aisle
