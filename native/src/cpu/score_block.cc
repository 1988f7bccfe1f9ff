// Two tiers of the dot-product block kernel. Portable code is compiled for baseline x86-64 (or the host
// architecture elsewhere); the AVX2+FMA tier is a target-attribute clone chosen at run time, so the .node runs
// on any x86-64. Built with -ffp-contract=off: the only fused multiply-adds are the explicit ones below.
#include "score_block.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define AISLE_X86 1
#endif

namespace aisle::cpu {
namespace {

constexpr std::size_t kLanes = 8;

/// Eight partial sums over d in strides of 8, folded pairwise, then the scalar tail. The compiler may
/// vectorise the lane loop (SSE2 on baseline x86-64) without changing the result.
float dot_scalar(const float* q, const float* x, std::size_t d) {
  float acc[kLanes] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::size_t i = 0;
  for (; i + kLanes <= d; i += kLanes)
    for (std::size_t l = 0; l < kLanes; ++l) acc[l] += q[i + l] * x[i + l];
  float s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
  for (; i < d; ++i) s += q[i] * x[i];
  return s;
}

void score_tile_scalar(const float* q, std::size_t nq, const float* items, std::size_t n, std::size_t d, float* out,
                       std::size_t out_stride) {
  for (std::size_t t = 0; t < nq; ++t)
    for (std::size_t j = 0; j < n; ++j) out[t * out_stride + j] = dot_scalar(q + t * d, items + j * d, d);
}

#ifdef AISLE_X86
__attribute__((target("avx2,fma"))) inline float hsum8(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

/// The scalar tail shared by the 1-item and 4-item paths, so both give the same bits for the same vector.
__attribute__((target("avx2,fma"))) inline float finish(__m256 acc, const float* q, const float* x, std::size_t i,
                                                        std::size_t d) {
  float s = hsum8(acc);
  for (; i < d; ++i) s += q[i] * x[i];
  return s;
}

/// Four items at a time: four independent FMA chains hide FMA latency and share each load of q.
__attribute__((target("avx2,fma"))) void score_block_avx2(const float* q, const float* items, std::size_t n,
                                                          std::size_t d, float* out) {
  const std::size_t body = d - d % kLanes;
  std::size_t j = 0;
  for (; j + 4 <= n; j += 4) {
    const float* x0 = items + j * d;
    const float *x1 = x0 + d, *x2 = x1 + d, *x3 = x2 + d;
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    for (std::size_t i = 0; i < body; i += kLanes) {
      __m256 qv = _mm256_loadu_ps(q + i);
      a0 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(x0 + i), a0);
      a1 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(x1 + i), a1);
      a2 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(x2 + i), a2);
      a3 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(x3 + i), a3);
    }
    out[j] = finish(a0, q, x0, body, d);
    out[j + 1] = finish(a1, q, x1, body, d);
    out[j + 2] = finish(a2, q, x2, body, d);
    out[j + 3] = finish(a3, q, x3, body, d);
  }
  for (; j < n; ++j) {
    const float* x = items + j * d;
    __m256 a = _mm256_setzero_ps();
    for (std::size_t i = 0; i < body; i += kLanes)
      a = _mm256_fmadd_ps(_mm256_loadu_ps(q + i), _mm256_loadu_ps(x + i), a);
    out[j] = finish(a, q, x, body, d);
  }
}

/// Four queries × two items: eight FMA chains share two item loads, so each item byte read from L2 feeds four
/// queries. A leftover item runs as four queries × one item. Same per-pair operations as score_block_avx2.
__attribute__((target("avx2,fma"))) void score_4q_avx2(const float* q, const float* items, std::size_t n,
                                                       std::size_t d, float* out, std::size_t out_stride) {
  const std::size_t body = d - d % kLanes;
  const float *q0 = q, *q1 = q + d, *q2 = q1 + d, *q3 = q2 + d;
  std::size_t j = 0;
  for (; j + 2 <= n; j += 2) {
    const float *x0 = items + j * d, *x1 = x0 + d;
    __m256 a00 = _mm256_setzero_ps(), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
    for (std::size_t i = 0; i < body; i += kLanes) {
      __m256 v0 = _mm256_loadu_ps(x0 + i), v1 = _mm256_loadu_ps(x1 + i), qv = _mm256_loadu_ps(q0 + i);
      a00 = _mm256_fmadd_ps(qv, v0, a00), a01 = _mm256_fmadd_ps(qv, v1, a01), qv = _mm256_loadu_ps(q1 + i);
      a10 = _mm256_fmadd_ps(qv, v0, a10), a11 = _mm256_fmadd_ps(qv, v1, a11), qv = _mm256_loadu_ps(q2 + i);
      a20 = _mm256_fmadd_ps(qv, v0, a20), a21 = _mm256_fmadd_ps(qv, v1, a21), qv = _mm256_loadu_ps(q3 + i);
      a30 = _mm256_fmadd_ps(qv, v0, a30), a31 = _mm256_fmadd_ps(qv, v1, a31);
    }
    out[j] = finish(a00, q0, x0, body, d), out[j + 1] = finish(a01, q0, x1, body, d);
    out[out_stride + j] = finish(a10, q1, x0, body, d), out[out_stride + j + 1] = finish(a11, q1, x1, body, d);
    out[2 * out_stride + j] = finish(a20, q2, x0, body, d), out[2 * out_stride + j + 1] = finish(a21, q2, x1, body, d);
    out[3 * out_stride + j] = finish(a30, q3, x0, body, d), out[3 * out_stride + j + 1] = finish(a31, q3, x1, body, d);
  }
  if (j < n)
    for (std::size_t t = 0; t < 4; ++t) score_block_avx2(q + t * d, items + j * d, n - j, d, out + t * out_stride + j);
}

__attribute__((target("avx2,fma"))) void score_tile_avx2(const float* q, std::size_t nq, const float* items,
                                                         std::size_t n, std::size_t d, float* out,
                                                         std::size_t out_stride) {
  std::size_t t = 0;
  for (; t + 4 <= nq; t += 4) score_4q_avx2(q + t * d, items, n, d, out + t * out_stride, out_stride);
  for (; t < nq; ++t) score_block_avx2(q + t * d, items, n, d, out + t * out_stride);
}

bool cpu_has_avx2_fma() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }
#endif

}  // namespace

ScoreTileFn score_tile_for(KernelTier tier) {
  if (tier == KernelTier::kAuto) tier = best_kernel_tier();
#ifdef AISLE_X86
  if (tier == KernelTier::kAvx2 && cpu_has_avx2_fma()) return score_tile_avx2;
#endif
  return score_tile_scalar;
}

}  // namespace aisle::cpu

namespace aisle {

/// Function-local static: initialised once, thread-safely (C++11), and read-only afterwards.
KernelTier best_kernel_tier() {
#ifdef AISLE_X86
  static const KernelTier tier = cpu::cpu_has_avx2_fma() ? KernelTier::kAvx2 : KernelTier::kScalar;
  return tier;
#else
  return KernelTier::kScalar;
#endif
}

}  // namespace aisle
