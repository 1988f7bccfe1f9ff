// capabilities(): synchronous, cheap after the first call (the CUDA answer is kept in instance data).
#include <cstdlib>
#include <string>

#include "addon_state.h"

namespace aisle::binding {

namespace {

Napi::Object cuda_object(Napi::Env env, const CudaInfo& cuda) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("compiled", Napi::Boolean::New(env, cuda.compiled));
  o.Set("available", Napi::Boolean::New(env, cuda.available));
  o.Set("deviceCount", Napi::Number::New(env, cuda.device_count));
  o.Set("deviceName", cuda.device_name.empty() ? env.Null() : Napi::String::New(env, cuda.device_name));
  if (!cuda.reason.empty()) o.Set("reason", Napi::String::New(env, cuda.reason));
  return o;
}

const CudaInfo& cuda_of(Napi::Env env) {
  AddonState& state = state_of(env);
  if (!state.cuda) state.cuda = query_cuda();
  return *state.cuda;
}

}  // namespace

Device pick_device(Napi::Env env, Napi::Value requested, const char* fn) {
  if (requested.IsUndefined()) {
    const char* setting = std::getenv("AISLE_DEVICE");
    if (setting != nullptr && std::string(setting) == "cpu") return Device::kCpu;
    return cuda_of(env).available ? Device::kCuda : Device::kCpu;
  }
  const std::string s = requested.IsString() ? requested.As<Napi::String>().Utf8Value() : "";
  if (s == "cpu") return Device::kCpu;
  if (s != "cuda") throw Napi::TypeError::New(env, std::string(fn) + ": device must be 'cpu' or 'cuda'");
  const CudaInfo& cuda = cuda_of(env);
  if (!cuda.available)
    throw Napi::TypeError::New(env, std::string(fn) + ": device 'cuda' is unavailable: " + cuda.reason);
  return Device::kCuda;
}

Napi::Value Capabilities(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const CudaInfo& cuda = cuda_of(env);
  Napi::Object o = Napi::Object::New(env);
  o.Set("threads", Napi::Number::New(env, static_cast<double>(state_of(env).pool->size())));
  o.Set("simd", Napi::String::New(env, detect_simd()));
  o.Set("cuda", cuda_object(env, cuda));
  o.Set("version", Napi::String::New(env, version()));
  return o;
}

}  // namespace aisle::binding
