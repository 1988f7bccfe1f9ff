// The ALS inner loops. The portable tier is written as 8-lane loops the compiler vectorises for baseline x86-64;
// the AVX2+FMA tier uses intrinsics in a target-attribute function, chosen at run time (the .node runs on any
// x86-64). Tiers round differently (FMA), so results are reproducible per tier, not across tiers.
#include "als_kernels.h"

#include <algorithm>
#include <cmath>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define AISLE_X86 1
#endif

namespace aisle::cpu {
namespace {

constexpr std::size_t kLanes = 8;

float dot_scalar(const float* __restrict a, const float* __restrict b, std::size_t d) {
  float acc[kLanes] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::size_t i = 0;
  for (; i + kLanes <= d; i += kLanes)
    for (std::size_t l = 0; l < kLanes; ++l) acc[l] += a[i + l] * b[i + l];
  float s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
  for (; i < d; ++i) s += a[i] * b[i];
  return s;
}

void axpy_scalar(float c, const float* __restrict y, std::size_t d, float* __restrict out) {
  for (std::size_t f = 0; f < d; ++f) out[f] += c * y[f];
}

/// out = m·v for symmetric m, as Σ_b v[b]·m[b, :] (vectorises without horizontal sums).
void matvec_scalar(const float* m, const float* v, std::size_t d, float* out) {
  for (std::size_t f = 0; f < d; ++f) out[f] = 0.0f;
  for (std::size_t b = 0; b < d; ++b) axpy_scalar(v[b], m + b * d, d, out);
}

void add_implicit_scalar(const float* y, std::size_t d, const std::int32_t* idx, const float* vals, std::size_t n,
                         float alpha, const float* v, float* out) {
  for (std::size_t k = 0; k < n; ++k) {
    const float* yi = y + static_cast<std::size_t>(idx[k]) * d;
    axpy_scalar(alpha * vals[k] * dot_scalar(yi, v, d), yi, d, out);
  }
}

void add_residual_scalar(const float* y, std::size_t d, const std::int32_t* idx, const float* vals, std::size_t n,
                         float alpha, const float* x, float* out) {
  for (std::size_t k = 0; k < n; ++k) {
    const float* yi = y + static_cast<std::size_t>(idx[k]) * d;
    const float cm1 = alpha * vals[k];
    axpy_scalar((1.0f + cm1) - cm1 * dot_scalar(yi, x, d), yi, d, out);
  }
}

void gram_add_scalar(const float* __restrict y, std::size_t rows, std::size_t d, float* __restrict g) {
  for (std::size_t r = 0; r < rows; ++r) {
    const float* yr = y + r * d;
    for (std::size_t a = 0; a < d; ++a) axpy_scalar(yr[a], yr, d, g + a * d);
  }
}

#ifdef AISLE_X86
#define AISLE_AVX2 __attribute__((target("avx2,fma")))

AISLE_AVX2 inline float hsum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 0x55));
  return _mm_cvtss_f32(s);
}

AISLE_AVX2 float dot_avx2(const float* a, const float* b, std::size_t d) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  std::size_t i = 0;
  for (; i + 16 <= d; i += 16) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
  }
  if (i + 8 <= d) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    i += 8;
  }
  float s = hsum(_mm256_add_ps(acc0, acc1));
  for (; i < d; ++i) s = std::fma(a[i], b[i], s);
  return s;
}

AISLE_AVX2 void axpy_avx2(float c, const float* y, std::size_t d, float* out) {
  const __m256 cv = _mm256_set1_ps(c);
  std::size_t f = 0;
  for (; f + 8 <= d; f += 8) _mm256_storeu_ps(out + f, _mm256_fmadd_ps(cv, _mm256_loadu_ps(y + f), _mm256_loadu_ps(out + f)));
  for (; f < d; ++f) out[f] = std::fma(c, y[f], out[f]);
}

/// out = m·v for symmetric m, as Σ_b v[b]·m[b, :]: broadcasts and FMAs into out, with no horizontal sums.
AISLE_AVX2 void matvec_avx2(const float* m, const float* v, std::size_t d, float* out) {
  std::size_t f = 0;
  for (; f + 32 <= d; f += 32) {  // four accumulators held in registers across all of m's rows
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    for (std::size_t b = 0; b < d; ++b) {
      const __m256 vb = _mm256_set1_ps(v[b]);
      const float* row = m + b * d + f;
      a0 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(row), a0);
      a1 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(row + 8), a1);
      a2 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(row + 16), a2);
      a3 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(row + 24), a3);
    }
    _mm256_storeu_ps(out + f, a0), _mm256_storeu_ps(out + f + 8, a1);
    _mm256_storeu_ps(out + f + 16, a2), _mm256_storeu_ps(out + f + 24, a3);
  }
  for (; f + 8 <= d; f += 8) {
    __m256 a0 = _mm256_setzero_ps();
    for (std::size_t b = 0; b < d; ++b) a0 = _mm256_fmadd_ps(_mm256_set1_ps(v[b]), _mm256_loadu_ps(m + b * d + f), a0);
    _mm256_storeu_ps(out + f, a0);
  }
  for (; f < d; ++f) {
    float a = 0;
    for (std::size_t b = 0; b < d; ++b) a = std::fma(v[b], m[b * d + f], a);
    out[f] = a;
  }
}

/// Asks for every cache line of a factor row: rows are gathered by id, so the hardware prefetcher cannot guess them.
inline void prefetch_row(const float* row, std::size_t d) {
  const char* p = reinterpret_cast<const char*>(row);
  for (std::size_t b = 0; b < d * sizeof(float); b += 64) _mm_prefetch(p + b, _MM_HINT_T0);
}

/// How many items ahead add_weighted_avx2 prefetches (four groups of four: enough to cover a DRAM miss).
constexpr std::size_t kAhead = 16;

/**
 * out += Σ_k coef(k, y_k·v) y_k, four items at a time: their dot products run as independent FMA chains over
 * one pass of v, and their updates share one load and store of out. Items past a multiple of four go singly.
 * `Prefetch` is for the first pass over a row's items (the residual), which gathers rows from memory; the CG steps
 * after it find the same rows in L1/L2, where prefetching only costs instructions.
 */
template <bool Prefetch, typename Coef>
AISLE_AVX2 inline void add_weighted_avx2(const float* y, std::size_t d, const std::int32_t* idx, std::size_t n,
                                         const float* v, float* out, Coef coef) {
  const std::size_t body = d & ~std::size_t{7};
  std::size_t k = 0;
  for (; k + 4 <= n; k += 4) {
    if (Prefetch)
      for (std::size_t q = k + kAhead; q < std::min(n, k + kAhead + 4); ++q) prefetch_row(y + static_cast<std::size_t>(idx[q]) * d, d);
    const float* y0 = y + static_cast<std::size_t>(idx[k]) * d;
    const float* y1 = y + static_cast<std::size_t>(idx[k + 1]) * d;
    const float* y2 = y + static_cast<std::size_t>(idx[k + 2]) * d;
    const float* y3 = y + static_cast<std::size_t>(idx[k + 3]) * d;
    // Two accumulators per item halve the FMA latency chains; one pass over v feeds all four items.
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0, t0 = s0, t1 = s0, t2 = s0, t3 = s0;
    std::size_t j = 0;
    for (; j + 16 <= body; j += 16) {
      const __m256 va = _mm256_loadu_ps(v + j), vb = _mm256_loadu_ps(v + j + 8);
      s0 = _mm256_fmadd_ps(_mm256_loadu_ps(y0 + j), va, s0), t0 = _mm256_fmadd_ps(_mm256_loadu_ps(y0 + j + 8), vb, t0);
      s1 = _mm256_fmadd_ps(_mm256_loadu_ps(y1 + j), va, s1), t1 = _mm256_fmadd_ps(_mm256_loadu_ps(y1 + j + 8), vb, t1);
      s2 = _mm256_fmadd_ps(_mm256_loadu_ps(y2 + j), va, s2), t2 = _mm256_fmadd_ps(_mm256_loadu_ps(y2 + j + 8), vb, t2);
      s3 = _mm256_fmadd_ps(_mm256_loadu_ps(y3 + j), va, s3), t3 = _mm256_fmadd_ps(_mm256_loadu_ps(y3 + j + 8), vb, t3);
    }
    if (j < body) {
      const __m256 va = _mm256_loadu_ps(v + j);
      s0 = _mm256_fmadd_ps(_mm256_loadu_ps(y0 + j), va, s0), s1 = _mm256_fmadd_ps(_mm256_loadu_ps(y1 + j), va, s1);
      s2 = _mm256_fmadd_ps(_mm256_loadu_ps(y2 + j), va, s2), s3 = _mm256_fmadd_ps(_mm256_loadu_ps(y3 + j), va, s3);
    }
    // The four horizontal sums at once: lanes of `four` are dot0..dot3.
    const __m256 h01 = _mm256_hadd_ps(_mm256_add_ps(s0, t0), _mm256_add_ps(s1, t1));
    const __m256 h23 = _mm256_hadd_ps(_mm256_add_ps(s2, t2), _mm256_add_ps(s3, t3));
    const __m256 h = _mm256_hadd_ps(h01, h23);
    alignas(16) float four[4];
    _mm_store_ps(four, _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1)));
    float d0 = four[0], d1 = four[1], d2 = four[2], d3 = four[3];
    for (std::size_t f = body; f < d; ++f) {
      d0 = std::fma(y0[f], v[f], d0), d1 = std::fma(y1[f], v[f], d1);
      d2 = std::fma(y2[f], v[f], d2), d3 = std::fma(y3[f], v[f], d3);
    }
    const float c0 = coef(k, d0), c1 = coef(k + 1, d1), c2 = coef(k + 2, d2), c3 = coef(k + 3, d3);
    const __m256 w0 = _mm256_set1_ps(c0), w1 = _mm256_set1_ps(c1), w2 = _mm256_set1_ps(c2), w3 = _mm256_set1_ps(c3);
    for (std::size_t f = 0; f < body; f += 8) {
      __m256 o = _mm256_loadu_ps(out + f);
      o = _mm256_fmadd_ps(w0, _mm256_loadu_ps(y0 + f), o);
      o = _mm256_fmadd_ps(w1, _mm256_loadu_ps(y1 + f), o);
      o = _mm256_fmadd_ps(w2, _mm256_loadu_ps(y2 + f), o);
      o = _mm256_fmadd_ps(w3, _mm256_loadu_ps(y3 + f), o);
      _mm256_storeu_ps(out + f, o);
    }
    for (std::size_t f = body; f < d; ++f)
      out[f] = std::fma(c3, y3[f], std::fma(c2, y2[f], std::fma(c1, y1[f], std::fma(c0, y0[f], out[f]))));
  }
  for (; k < n; ++k) {
    const float* yk = y + static_cast<std::size_t>(idx[k]) * d;
    axpy_avx2(coef(k, dot_avx2(yk, v, d)), yk, d, out);
  }
}

AISLE_AVX2 void add_implicit_avx2(const float* y, std::size_t d, const std::int32_t* idx, const float* vals,
                                  std::size_t n, float alpha, const float* v, float* out) {
  add_weighted_avx2<false>(y, d, idx, n, v, out, [=](std::size_t k, float s) { return alpha * vals[k] * s; });
}

AISLE_AVX2 void add_residual_avx2(const float* y, std::size_t d, const std::int32_t* idx, const float* vals,
                                  std::size_t n, float alpha, const float* x, float* out) {
  add_weighted_avx2<true>(y, d, idx, n, x, out, [=](std::size_t k, float s) {
    const float cm1 = alpha * vals[k];
    return (1.0f + cm1) - cm1 * s;
  });
}

/// g += Σ_r y_r y_rᵀ, four rows per pass over g so each row of g is loaded and stored once per four.
AISLE_AVX2 void gram_add_avx2(const float* y, std::size_t rows, std::size_t d, float* g) {
  std::size_t r = 0;
  for (; r + 4 <= rows; r += 4) {
    const float *y0 = y + r * d, *y1 = y0 + d, *y2 = y1 + d, *y3 = y2 + d;
    for (std::size_t a = 0; a < d; ++a) {
      const __m256 w0 = _mm256_set1_ps(y0[a]), w1 = _mm256_set1_ps(y1[a]), w2 = _mm256_set1_ps(y2[a]),
                   w3 = _mm256_set1_ps(y3[a]);
      float* ga = g + a * d;
      std::size_t f = 0;
      for (; f + 8 <= d; f += 8) {
        __m256 o = _mm256_loadu_ps(ga + f);
        o = _mm256_fmadd_ps(w0, _mm256_loadu_ps(y0 + f), o);
        o = _mm256_fmadd_ps(w1, _mm256_loadu_ps(y1 + f), o);
        o = _mm256_fmadd_ps(w2, _mm256_loadu_ps(y2 + f), o);
        o = _mm256_fmadd_ps(w3, _mm256_loadu_ps(y3 + f), o);
        _mm256_storeu_ps(ga + f, o);
      }
      for (; f < d; ++f)
        ga[f] = std::fma(y3[a], y3[f], std::fma(y2[a], y2[f], std::fma(y1[a], y1[f], std::fma(y0[a], y0[f], ga[f]))));
    }
  }
  for (; r < rows; ++r) {
    const float* yr = y + r * d;
    for (std::size_t a = 0; a < d; ++a) axpy_avx2(yr[a], yr, d, g + a * d);
  }
}

bool has_avx2_fma() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }

const AlsKernels kAvx2Kernels{dot_avx2, matvec_avx2, add_implicit_avx2, add_residual_avx2, gram_add_avx2};
#endif

const AlsKernels kScalarKernels{dot_scalar, matvec_scalar, add_implicit_scalar, add_residual_scalar, gram_add_scalar};

}  // namespace

const AlsKernels& als_kernels_for(KernelTier tier) {
  if (tier == KernelTier::kAuto) tier = best_kernel_tier();
#ifdef AISLE_X86
  if (tier == KernelTier::kAvx2 && has_avx2_fma()) return kAvx2Kernels;
#endif
  return kScalarKernels;
}

}  // namespace aisle::cpu
