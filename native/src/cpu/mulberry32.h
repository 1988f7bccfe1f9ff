// Internal: the one pseudo-random stream the factorisation kernels use, chosen because the TypeScript references
// can reproduce it exactly with Math.imul (src/compute/reference/mulberry32.ts).
#pragma once

#include <cstdint>

namespace aisle::cpu {

/// mulberry32 (Tommy Ettinger): 32-bit state, period 2^32, good enough for initialisation and sampling.
class Mulberry32 {
 public:
  explicit Mulberry32(std::uint32_t seed) : state_(seed) {}

  std::uint32_t next_u32() {
    state_ += 0x6D2B79F5u;
    std::uint32_t t = state_;
    t = (t ^ (t >> 15)) * (t | 1u);
    t = (t + (t ^ (t >> 7)) * (t | 61u)) ^ t;
    return t ^ (t >> 14);
  }

  /// Uniform in [0, 1): next_u32() / 2^32, exactly as the TypeScript version divides.
  double next_double() { return static_cast<double>(next_u32()) / 4294967296.0; }

  /// Uniform integer in [0, n): floor(next_double() · n), computed the same way in TypeScript.
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next_double() * static_cast<double>(n)); }

 private:
  std::uint32_t state_;
};

}  // namespace aisle::cpu
