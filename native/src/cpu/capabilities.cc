// Run-time CPU feature detection and the build's version string.
#include "aisle/capabilities.h"

#ifndef AISLE_VERSION
#define AISLE_VERSION "0.0.0-dev"
#endif

namespace aisle {

const char* detect_simd() {
#if defined(__x86_64__) || defined(__i386__)
  if (__builtin_cpu_supports("avx512f")) return "avx512";
  if (__builtin_cpu_supports("avx2")) return "avx2";
  if (__builtin_cpu_supports("sse4.2")) return "sse4";
  return "scalar";
#elif defined(__aarch64__) || defined(__ARM_NEON)
  return "neon";  // Advanced SIMD is mandatory on AArch64
#else
  return "scalar";
#endif
}

const char* version() { return AISLE_VERSION; }

}  // namespace aisle
