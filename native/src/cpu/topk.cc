// Batched top-K of dot products on the CPU: blocked over items, parallel over queries and, when there are
// few queries, over item partitions whose partial heaps are merged at the end.
#include "aisle/topk.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "aisle/thread_pool.h"
#include "score_block.h"
#include "top_heap.h"

namespace aisle {
namespace {

using cpu::Hit;
using cpu::TopHeap;

constexpr std::size_t kMaxBlock = 512;                  // items scored per pass (the score buffer size)
constexpr std::size_t kBlockBytes = 128 * 1024;         // an item block this size stays in L2 across queries
constexpr std::size_t kMaxQueriesPerTask = 8;           // queries sharing one pass over an item block
constexpr std::size_t kMinItemsPerPartition = 8192;     // below this a partition costs more than it saves
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

/// How the work is cut: tasks = query chunks × item partitions; each (query, partition) has its own heap.
struct Plan {
  std::size_t block;        // items per scoring pass
  std::size_t q_chunk;      // queries per task
  std::size_t n_qchunks;
  std::size_t partitions;   // item ranges scanned independently and merged
  std::size_t part_items;   // items per partition (the last one shorter)
  std::size_t cap;          // heap capacity: min(k, ni)
};

Plan make_plan(const TopKInput& in, std::size_t threads) {
  Plan p{};
  p.block = std::clamp<std::size_t>(kBlockBytes / (in.d * sizeof(float)), 16, kMaxBlock);
  p.q_chunk = std::clamp<std::size_t>(in.nq / (4 * threads), 1, kMaxQueriesPerTask);
  p.n_qchunks = (in.nq + p.q_chunk - 1) / p.q_chunk;
  p.partitions = 1;
  if (p.n_qchunks < 2 * threads) {
    std::size_t wanted = (4 * threads + p.n_qchunks - 1) / p.n_qchunks;
    p.partitions = std::max<std::size_t>(1, std::min(wanted, in.ni / kMinItemsPerPartition));
  }
  p.part_items = (in.ni + p.partitions - 1) / std::max<std::size_t>(p.partitions, 1);
  p.cap = std::min(in.k, in.ni);
  return p;
}

void fail(const std::string& message) { throw std::invalid_argument("topK: " + message); }

/// The checks that keep memory safe whatever the caller sends; friendlier messages are the TypeScript layer's.
void validate(const TopKInput& in) {
  if (in.d == 0) fail("d must be >= 1");
  if (in.k == 0) fail("k must be >= 1");
  if (in.ni > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) fail("too many items for int32 ids");
  if ((in.exclude_offsets == nullptr) != (in.exclude_ids == nullptr))
    fail("excludeOffsets and excludeIds must be given together");
  if (in.exclude_offsets == nullptr) return;
  if (in.exclude_offsets[0] != 0) fail("excludeOffsets[0] must be 0");
  for (std::size_t q = 0; q < in.nq; ++q)
    if (in.exclude_offsets[q + 1] < in.exclude_offsets[q]) fail("excludeOffsets must be non-decreasing");
  const std::int32_t nnz = in.exclude_offsets[in.nq];
  for (std::int32_t i = 0; i < nnz; ++i)
    if (in.exclude_ids[i] < 0 || static_cast<std::size_t>(in.exclude_ids[i]) >= in.ni)
      fail("excludeIds[" + std::to_string(i) + "] is not an item id");
}

/// True when no element is NaN or ±Infinity. Branch-free (x - x is 0 exactly when x is finite), so it
/// vectorises: it runs on every scored block and must stay cheap next to the dot products.
bool finite_row(const float* v, std::size_t n) {
  int bad = 0;
  for (std::size_t i = 0; i < n; ++i) bad |= (v[i] - v[i]) != 0.0f;
  return bad == 0;
}

/// When no score is computed (nq or ni is 0) the scan cannot notice bad inputs, so look at all of them.
void require_finite_everywhere(const TopKInput& in) {
  if (!finite_row(in.queries, in.nq * in.d) || !finite_row(in.items, in.ni * in.d) ||
      (in.bias != nullptr && !finite_row(in.bias, in.ni)))
    throw NonFiniteInput();
}

/// Called for a non-finite score: throws if query q, item j or bias[j] is the cause; otherwise the score merely
/// overflowed float32 and stands (a NaN one is then skipped as ineligible).
void blame_inputs(const TopKInput& in, std::size_t q, std::size_t j) {
  if (!finite_row(in.queries + q * in.d, in.d) || !finite_row(in.items + j * in.d, in.d) ||
      (in.bias != nullptr && !std::isfinite(in.bias[j])))
    throw NonFiniteInput();
}

/// Each query's exclusion list, sorted, so a block finds its excluded items by binary search.
std::vector<std::int32_t> sorted_exclusions(const TopKInput& in, ThreadPool& pool) {
  if (in.exclude_offsets == nullptr) return {};
  std::vector<std::int32_t> ids(in.exclude_ids, in.exclude_ids + in.exclude_offsets[in.nq]);
  pool.parallel_for(0, in.nq, 64, [&](std::size_t b, std::size_t e) {
    for (std::size_t q = b; q < e; ++q)
      std::sort(ids.begin() + in.exclude_offsets[q], ids.begin() + in.exclude_offsets[q + 1]);
  });
  return ids;
}

/// Everything one task needs; shared read-only between tasks except the heaps each task owns.
struct Scan {
  const TopKInput& in;
  const Plan& plan;
  const std::vector<std::int32_t>& excl;
  cpu::ScoreTileFn score;
  std::vector<Hit>& slots;               // (q * partitions + p) * cap
  std::vector<std::size_t>& sizes;       // q * partitions + p
};

/// Adds the bias, checks the scores for non-finite inputs (every item meets every query somewhere, so this sees
/// all inputs), then marks ineligible items with NaN, which the scoring loop skips.
void finish_block(const Scan& s, std::size_t q, std::size_t b0, std::size_t nb, float* buf) {
  const TopKInput& in = s.in;
  if (in.bias != nullptr)
    for (std::size_t j = 0; j < nb; ++j) buf[j] += in.bias[b0 + j];
  if (!finite_row(buf, nb))
    for (std::size_t j = 0; j < nb; ++j)
      if (!std::isfinite(buf[j])) blame_inputs(in, q, b0 + j);
  if (in.allow != nullptr)
    for (std::size_t j = 0; j < nb; ++j)
      if (in.allow[b0 + j] == 0) buf[j] = kNaN;
  if (in.exclude_offsets == nullptr) return;
  auto first = s.excl.begin() + in.exclude_offsets[q], last = s.excl.begin() + in.exclude_offsets[q + 1];
  for (auto it = std::lower_bound(first, last, static_cast<std::int32_t>(b0));
       it != last && static_cast<std::size_t>(*it) < b0 + nb; ++it)
    buf[*it - b0] = kNaN;
}

/// One task: queries [q0, q1) against partition p, block by block, so each block is reused across queries.
void scan_task(const Scan& s, std::size_t q0, std::size_t q1, std::size_t p) {
  const TopKInput& in = s.in;
  const std::size_t begin = p * s.plan.part_items, end = std::min(in.ni, begin + s.plan.part_items);
  std::vector<TopHeap> heaps;
  for (std::size_t q = q0; q < q1; ++q)
    heaps.emplace_back(s.slots.data() + (q * s.plan.partitions + p) * s.plan.cap, s.plan.cap);
  std::vector<float> scores(kMaxQueriesPerTask * kMaxBlock);
  for (std::size_t b0 = begin; b0 < end; b0 += s.plan.block) {
    const std::size_t nb = std::min(s.plan.block, end - b0);
    s.score(in.queries + q0 * in.d, q1 - q0, in.items + b0 * in.d, nb, in.d, scores.data(), kMaxBlock);
    for (std::size_t q = q0; q < q1; ++q) {
      float* buf = scores.data() + (q - q0) * kMaxBlock;
      finish_block(s, q, b0, nb, buf);
      TopHeap& heap = heaps[q - q0];
      float threshold = heap.threshold();
      for (std::size_t j = 0; j < nb; ++j) {
        if (!(buf[j] >= threshold)) continue;  // below the k-th best so far, or NaN (ineligible)
        heap.offer(buf[j], static_cast<std::int32_t>(b0 + j));
        threshold = heap.threshold();
      }
    }
  }
  for (std::size_t q = q0; q < q1; ++q) s.sizes[q * s.plan.partitions + p] = heaps[q - q0].size();
}

/// Merges query q's partition heaps, orders them, and writes the padded output row.
void write_row(const Scan& s, std::size_t q, const TopKOutput& out, std::vector<Hit>& merged) {
  const Plan& plan = s.plan;
  merged.clear();
  for (std::size_t p = 0; p < plan.partitions; ++p) {
    const Hit* h = s.slots.data() + (q * plan.partitions + p) * plan.cap;
    merged.insert(merged.end(), h, h + s.sizes[q * plan.partitions + p]);
  }
  const std::size_t count = std::min(merged.size(), s.in.k);
  std::partial_sort(merged.begin(), merged.begin() + count, merged.end(), cpu::better);
  std::int32_t* ids = out.ids + q * s.in.k;
  float* scores = out.scores + q * s.in.k;
  for (std::size_t i = 0; i < count; ++i) {
    ids[i] = merged[i].id;
    scores[i] = merged[i].score;
  }
  std::fill(ids + count, ids + s.in.k, -1);
  std::fill(scores + count, scores + s.in.k, kNaN);
  out.counts[q] = static_cast<std::int32_t>(count);
}

}  // namespace

void topk_dot(const TopKInput& in, const TopKOutput& out, ThreadPool& pool, KernelTier tier) {
  validate(in);
  if (in.nq == 0 || in.ni == 0) require_finite_everywhere(in);
  if (in.nq == 0) return;
  // the GPU scan keeps the query in shared memory: 48 KiB, every architecture built for
  if (in.device == Device::kCuda && in.d * sizeof(float) <= 48 * 1024) {
    require_finite_everywhere(in);  // the GPU scan skips NaN scores but does not blame inputs
    const std::vector<std::int32_t> excl = sorted_exclusions(in, pool);
    cuda::topk_dot(in, out, excl.data());
    return;
  }
  const Plan plan = make_plan(in, pool.size());
  const std::vector<std::int32_t> excl = sorted_exclusions(in, pool);
  std::vector<Hit> slots(in.nq * plan.partitions * plan.cap);
  std::vector<std::size_t> sizes(in.nq * plan.partitions, 0);
  const Scan scan{in, plan, excl, cpu::score_tile_for(tier), slots, sizes};
  pool.parallel_for(0, plan.n_qchunks * plan.partitions, 1, [&](std::size_t b, std::size_t e) {
    for (std::size_t t = b; t < e; ++t) {
      const std::size_t qc = t / plan.partitions, p = t % plan.partitions;
      scan_task(scan, qc * plan.q_chunk, std::min(in.nq, (qc + 1) * plan.q_chunk), p);
    }
  });
  pool.parallel_for(0, in.nq, 16, [&](std::size_t b, std::size_t e) {
    std::vector<Hit> merged;
    for (std::size_t q = b; q < e; ++q) write_row(scan, q, out, merged);
  });
}

}  // namespace aisle
