// query_cuda() for builds without CUDA (no nvcc found, or AISLE_DISABLE_CUDA=1 / -DAISLE_ENABLE_CUDA=OFF).
// The CUDA build compiles src/cuda/device_query.cu instead; this file then compiles to nothing.
#include "aisle/capabilities.h"

#ifndef AISLE_WITH_CUDA

#ifndef AISLE_CUDA_OFF_REASON
#define AISLE_CUDA_OFF_REASON "the addon was built without CUDA"
#endif

namespace aisle {

CudaInfo query_cuda() {
  CudaInfo info;
  info.reason = AISLE_CUDA_OFF_REASON;
  return info;
}

}  // namespace aisle

#endif  // AISLE_WITH_CUDA
