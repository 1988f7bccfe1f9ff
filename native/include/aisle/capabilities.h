// What this build and this machine can do: SIMD level, CUDA, version. Pure C++ (the binding converts it).
#pragma once

#include <string>

namespace aisle {

/// The widest SIMD instruction set the running CPU supports: "avx512", "avx2", "sse4", "neon" or "scalar".
/// Detected at run time, so one .node reports truthfully on every x86-64 it is copied to.
const char* detect_simd();

/// The CUDA picture: whether the addon was built with CUDA, and whether a device answers at run time.
struct CudaInfo {
  bool compiled = false;
  bool available = false;
  int device_count = 0;
  std::string device_name;  ///< device 0's name; empty when none
  std::string reason;       ///< why available is false; empty when it is true
};

/// Asks the CUDA runtime for devices (or reports why it cannot). Never throws: a missing driver or device is
/// an answer, not an error. Implemented in src/cuda/ when AISLE_WITH_CUDA is defined, else by a stub.
CudaInfo query_cuda();

/// The addon's version (package.json's, baked in at configure time).
const char* version();

}  // namespace aisle
