// Item-kNN on the CPU: per item, a dense float64 accumulator over the items its users also have (touched list,
// so an item costs its co-occurrences, not the catalogue), then a bounded heap of its best neighbours.
#include "aisle/item_knn.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "aisle/thread_pool.h"
#include "top_heap.h"

namespace aisle {
namespace {

void fail(const std::string& message) { throw std::invalid_argument("trainItemKnn: " + message); }

constexpr std::size_t kChunk = 16;  // items per task: one accumulator per task, reused across its items

}  // namespace

SparseRows train_item_knn(const SparseRowsView& user_items, const ItemKnnParams& params, ThreadPool& pool) {
  if (params.neighbors < 1) fail("neighbors must be >= 1");
  if (!(params.shrink >= 0) || !std::isfinite(params.shrink)) fail("shrink must be a finite number >= 0");
  check_sparse_rows("trainItemKnn", user_items);
  const SparseRowsView& x = user_items;
  const std::size_t n = x.cols;
  const SparseRows xt = transpose_rows(x);
  std::vector<double> norm(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    double s = 0;
    for (std::int32_t p = xt.offsets[i]; p < xt.offsets[i + 1]; ++p) s += double(xt.values[p]) * xt.values[p];
    norm[i] = std::sqrt(s);
  }
  const std::size_t cap = std::min(params.neighbors, n);
  std::vector<cpu::Hit> slots(n * cap);
  std::vector<std::size_t> sizes(n, 0);
  pool.parallel_for(0, n, kChunk, [&](std::size_t b, std::size_t e) {
    std::vector<double> acc(n, 0.0);
    std::vector<std::int32_t> touched;
    for (std::size_t i = b; i < e; ++i) {
      touched.clear();
      for (std::int32_t p = xt.offsets[i]; p < xt.offsets[i + 1]; ++p) {
        const std::int32_t u = xt.ids[p];
        const double w = xt.values[p];
        for (std::int32_t q = x.offsets[u]; q < x.offsets[u + 1]; ++q) {
          const std::int32_t j = x.ids[q];
          if (acc[j] == 0.0) touched.push_back(j);
          acc[j] += w * x.values[q];
        }
      }
      std::sort(touched.begin(), touched.end());  // fixed offer order; duplicates (a sum back to 0) are harmless
      touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
      cpu::TopHeap heap(slots.data() + i * cap, cap);
      for (std::int32_t j : touched) {
        const double dot = acc[j];
        acc[j] = 0.0;
        if (static_cast<std::size_t>(j) == i) continue;
        const double sim = dot / (norm[i] * norm[j] + params.shrink);
        if (sim > 0 && std::isfinite(sim)) heap.offer(static_cast<float>(sim), j);
      }
      sizes[i] = heap.size();
      std::sort(slots.begin() + i * cap, slots.begin() + i * cap + sizes[i], cpu::better);
    }
  });
  SparseRows s;
  s.rows = s.cols = n;
  s.offsets.assign(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) s.offsets[i + 1] = s.offsets[i] + static_cast<std::int32_t>(sizes[i]);
  s.ids.resize(s.offsets[n]);
  s.values.resize(s.offsets[n]);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t r = 0; r < sizes[i]; ++r) {
      s.ids[s.offsets[i] + r] = slots[i * cap + r].id;
      s.values[s.offsets[i] + r] = slots[i * cap + r].score;
    }
  return s;
}

}  // namespace aisle
