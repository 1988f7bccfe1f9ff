// capabilities(): synchronous, cheap after the first call (the CUDA answer is kept in instance data).
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

}  // namespace

Napi::Value Capabilities(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  AddonState& state = state_of(env);
  if (!state.cuda) state.cuda = query_cuda();
  Napi::Object o = Napi::Object::New(env);
  o.Set("threads", Napi::Number::New(env, static_cast<double>(state.pool->size())));
  o.Set("simd", Napi::String::New(env, detect_simd()));
  o.Set("cuda", cuda_object(env, *state.cuda));
  o.Set("version", Napi::String::New(env, version()));
  return o;
}

}  // namespace aisle::binding
