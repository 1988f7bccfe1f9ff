// query_cuda() for builds without CUDA (no nvcc found, or AISLE_DISABLE_CUDA=1 / -DAISLE_ENABLE_CUDA=OFF).
// The CUDA build compiles src/cuda/device_query.cu instead; this file then compiles to nothing.
#include "aisle/capabilities.h"
#include "aisle/device.h"

#include <stdexcept>
#include <string>

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

namespace cuda {
namespace {
[[noreturn]] void absent() { throw std::runtime_error(std::string("CUDA is unavailable: ") + AISLE_CUDA_OFF_REASON); }
}  // namespace

// The binding never picks Device::kCuda in this build (capabilities say unavailable); these are the safety net.
bool compiled() { return false; }
void topk_dot(const TopKInput&, const TopKOutput&, const std::int32_t*) { absent(); }
struct AlsSession::Impl {};
AlsSession::AlsSession(const CsrView&, const CsrView&, std::size_t, const float*, const float*) { absent(); }
AlsSession::~AlsSession() = default;
void AlsSession::half_sweep(bool, const AlsParams&) { absent(); }
void AlsSession::download(float*, float*) const { absent(); }
struct MlpSession::Impl {};
MlpSession::MlpSession(const MlpDeviceShape&, const float*, const float*, std::size_t, const float*, double, double,
                       double) {
  absent();
}
MlpSession::~MlpSession() = default;
double MlpSession::batch_step(const std::size_t*, std::size_t) { absent(); }
double MlpSession::mean_loss(const std::size_t*, std::size_t) { absent(); }
void MlpSession::weights(float*) const { absent(); }
}  // namespace cuda

}  // namespace aisle

#endif  // AISLE_WITH_CUDA
