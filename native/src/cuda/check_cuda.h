// CHECK_CUDA: turn a failed CUDA runtime call into an exception that names the call, the file and the line.
#pragma once

#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

namespace aisle::cuda {

/// A CUDA runtime error with where it happened; what() reads
/// "cudaGetDeviceCount(&count) failed at native/src/cuda/device_query.cu:20: <cudaGetErrorString> (<name>)".
class CudaError : public std::runtime_error {
 public:
  CudaError(cudaError_t code, const char* call, const char* file, int line)
      : std::runtime_error(std::string(call) + " failed at " + short_path(file) + ":" + std::to_string(line) + ": " +
                           cudaGetErrorString(code) + " (" + cudaGetErrorName(code) + ")"),
        code_(code) {}
  cudaError_t code() const { return code_; }

 private:
  /// __FILE__ is absolute under CMake; keep the part from "native/" so messages do not leak build paths.
  static std::string short_path(const char* file) {
    std::string f(file);
    auto at = f.rfind("native/");
    return at == std::string::npos ? f : f.substr(at);
  }
  cudaError_t code_;
};

}  // namespace aisle::cuda

#define CHECK_CUDA(call)                                                                 \
  do {                                                                                   \
    cudaError_t aisle_cuda_status_ = (call);                                             \
    if (aisle_cuda_status_ != cudaSuccess)                                               \
      throw ::aisle::cuda::CudaError(aisle_cuda_status_, #call, __FILE__, __LINE__);     \
  } while (0)
