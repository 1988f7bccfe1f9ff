// query_cuda() for CUDA builds: asks the runtime (statically linked) for devices. On a machine without a
// driver cudaGetDeviceCount fails, and that failure, with file:line, becomes the reported reason.
#include <cuda_runtime.h>

#include <exception>

#include "aisle/capabilities.h"
#include "check_cuda.h"

namespace aisle {

CudaInfo query_cuda() {
  CudaInfo info;
  info.compiled = true;
  try {
    int count = 0;
    CHECK_CUDA(cudaGetDeviceCount(&count));
    info.device_count = count;
    if (count == 0) {
      info.reason = "the CUDA runtime found no device";
      return info;
    }
    cudaDeviceProp prop{};
    CHECK_CUDA(cudaGetDeviceProperties(&prop, 0));
    info.device_name = prop.name;
    info.available = true;
  } catch (const std::exception& e) {
    info.available = false;
    info.reason = e.what();
  }
  return info;
}

}  // namespace aisle

namespace aisle::cuda {
bool compiled() { return true; }
}  // namespace aisle::cuda
