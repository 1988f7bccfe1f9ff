// Internal: the one switch for hot loops compiled twice, for AVX2 and for baseline x86-64, and chosen once at load
// time by the dynamic loader (GCC target_clones, an ifunc). The kernels are built with -ffp-contract=off and the
// AVX2 clone gets no FMA, so both clones round identically: the switch changes speed, never results.
#pragma once

// Lanes8 values only cross inline helpers, never a call boundary between differently compiled code, so GCC's note
// that a 32-byte vector argument's ABI differs without AVX does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"

#include <cstddef>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define AISLE_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define AISLE_SIMD_CLONES
#endif

namespace aisle::cpu {

/// 8 floats as one GCC/Clang vector: a ymm register in the AVX2 clone, two xmm registers otherwise. Used where
/// the auto-vectoriser would accumulate in memory (a store-to-load stall per step) or vectorise the wrong loop.
typedef float Lanes8 __attribute__((vector_size(8 * sizeof(float))));

inline Lanes8 load8(const float* p) {
  Lanes8 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline void store8(float* p, Lanes8 v) { std::memcpy(p, &v, sizeof v); }

}  // namespace aisle::cpu
