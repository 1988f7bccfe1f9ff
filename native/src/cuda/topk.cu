// Batched top-K on the GPU: one block per query; each thread scans a strided share of the items and keeps its own
// sorted top-k list in global scratch; the host merges the lists with the CPU's order (score desc, then id asc),
// so ids match the CPU path exactly up to float ties.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "aisle/device.h"
#include "aisle/topk.h"
#include "device_buffer.h"

namespace aisle::cuda {
namespace {

constexpr int kThreads = 128;
constexpr std::size_t kScratchBytes = std::size_t{256} << 20;  // per batch of queries, for the partial lists

struct DevHit {
  float score;
  int id;
};

__device__ bool better(float s, int id, const DevHit& h) { return s > h.score || (s == h.score && id < h.id); }

/// True when item j is in the query's sorted exclusion list [lo, hi).
__device__ bool excluded(const int* ex, int lo, int end, int j) {
  int hi = end;
  while (lo < hi) {
    const int mid = (lo + hi) >> 1;
    if (ex[mid] < j) lo = mid + 1;
    else hi = mid;
  }
  return lo < end && ex[lo] == j;
}

struct Args {
  const float* queries;  // this batch's first query
  const float* items;
  const float* bias;
  const unsigned char* allow;
  const int* ex_offsets;  // this batch's first query's offset entry (absolute into ex_ids)
  const int* ex_ids;
  int ni, d, k;
  DevHit* lists;  // batch × kThreads × k
  int* sizes;     // batch × kThreads
};

__global__ void scan_kernel(Args a) {
  extern __shared__ float q[];
  const int qi = blockIdx.x, t = threadIdx.x;
  for (int f = t; f < a.d; f += blockDim.x) q[f] = a.queries[static_cast<std::size_t>(qi) * a.d + f];
  __syncthreads();
  DevHit* list = a.lists + (static_cast<std::size_t>(qi) * kThreads + t) * a.k;
  const int ex_lo = a.ex_offsets != nullptr ? a.ex_offsets[qi] : 0;
  const int ex_hi = a.ex_offsets != nullptr ? a.ex_offsets[qi + 1] : 0;
  int size = 0;
  for (int j = t; j < a.ni; j += kThreads) {
    if (a.allow != nullptr && a.allow[j] == 0) continue;
    if (ex_hi > ex_lo && excluded(a.ex_ids, ex_lo, ex_hi, j)) continue;
    const float* item = a.items + static_cast<std::size_t>(j) * a.d;
    float s = 0.0f;
    for (int f = 0; f < a.d; ++f) s += q[f] * item[f];
    if (a.bias != nullptr) s += a.bias[j];
    if (isnan(s)) continue;  // inf − inf from overflow: ineligible, as on the CPU
    if (size == a.k && !better(s, j, list[size - 1])) continue;
    int at = size < a.k ? size++ : a.k - 1;  // insertion into the list kept sorted best first
    while (at > 0 && better(s, j, list[at - 1])) {
      list[at] = list[at - 1];
      --at;
    }
    list[at] = DevHit{s, j};
  }
  a.sizes[qi * kThreads + t] = size;
}

/// Merges one query's per-thread lists into the padded output row.
void merge_row(const DevHit* lists, const int* sizes, std::size_t k, std::int32_t* ids, float* scores,
               std::int32_t* count, std::vector<DevHit>& all) {
  all.clear();
  for (int t = 0; t < kThreads; ++t) all.insert(all.end(), lists + t * k, lists + t * k + sizes[t]);
  const std::size_t n = std::min(all.size(), k);
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(),
                    [](const DevHit& a, const DevHit& b) { return a.score > b.score || (a.score == b.score && a.id < b.id); });
  for (std::size_t i = 0; i < k; ++i) {
    ids[i] = i < n ? all[i].id : -1;
    scores[i] = i < n ? all[i].score : std::numeric_limits<float>::quiet_NaN();
  }
  *count = static_cast<std::int32_t>(n);
}

}  // namespace

void topk_dot(const TopKInput& in, const TopKOutput& out, const std::int32_t* sorted_exclusions) {
  if (in.nq == 0) return;
  const std::size_t d = in.d, k = in.k;
  DeviceBuffer<float> items(in.items, in.ni * d), queries(in.queries, in.nq * d);
  DeviceBuffer<float> bias;
  DeviceBuffer<unsigned char> allow;
  DeviceBuffer<int> offsets, excl;
  if (in.bias != nullptr) { bias.resize(in.ni); bias.upload(in.bias, in.ni); }
  if (in.allow != nullptr) { allow.resize(in.ni); allow.upload(in.allow, in.ni); }
  if (in.exclude_offsets != nullptr) {
    offsets.resize(in.nq + 1);
    offsets.upload(in.exclude_offsets, in.nq + 1);
    const std::size_t nnz = static_cast<std::size_t>(in.exclude_offsets[in.nq]);
    excl.resize(nnz);
    excl.upload(sorted_exclusions, nnz);
  }
  const std::size_t batch = std::clamp<std::size_t>(kScratchBytes / (kThreads * k * sizeof(DevHit)), 1, 65535);
  DeviceBuffer<DevHit> lists(std::min(batch, in.nq) * kThreads * k);
  DeviceBuffer<int> sizes(std::min(batch, in.nq) * kThreads);
  std::vector<DevHit> host_lists, merged;
  std::vector<int> host_sizes;
  for (std::size_t q0 = 0; q0 < in.nq; q0 += batch) {
    const std::size_t nb = std::min(batch, in.nq - q0);
    Args a{queries.get() + q0 * d, items.get(), in.bias ? bias.get() : nullptr, in.allow ? allow.get() : nullptr,
           in.exclude_offsets ? offsets.get() + q0 : nullptr, in.exclude_offsets ? excl.get() : nullptr,
           static_cast<int>(in.ni), static_cast<int>(d), static_cast<int>(k), lists.get(), sizes.get()};
    scan_kernel<<<static_cast<unsigned>(nb), kThreads, d * sizeof(float)>>>(a);
    CHECK_LAUNCH();
    host_lists.resize(nb * kThreads * k);
    host_sizes.resize(nb * kThreads);
    lists.download(host_lists.data(), host_lists.size());  // synchronises: execution errors surface here
    sizes.download(host_sizes.data(), host_sizes.size());
    for (std::size_t q = 0; q < nb; ++q)
      merge_row(host_lists.data() + q * kThreads * k, host_sizes.data() + q * kThreads, k, out.ids + (q0 + q) * k,
                out.scores + (q0 + q) * k, out.counts + q0 + q, merged);
  }
}

}  // namespace aisle::cuda
