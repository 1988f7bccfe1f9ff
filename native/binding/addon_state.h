// Per-environment addon state (N-API instance data) and the exported functions' declarations.
#pragma once

#include <napi.h>

#include <memory>
#include <optional>

#include "aisle/capabilities.h"
#include "aisle/device.h"
#include "aisle/thread_pool.h"

namespace aisle::binding {

/**
 * Everything the addon keeps between calls, one per Node environment (main thread, each worker thread), owned
 * by N-API instance data and deleted by its finaliser when the environment is torn down. There are no mutable
 * globals. The pool is shared with running AsyncWorkers so it outlives a teardown that races a call.
 */
struct AddonState {
  std::shared_ptr<ThreadPool> pool;
  std::optional<CudaInfo> cuda;  // asked once, lazily; only touched on this environment's JS thread
};

/// The state of the environment a call runs in (set by Init, so never null in an exported function).
AddonState& state_of(Napi::Env env);

/**
 * The device one call runs on. `requested` is the arguments' `device`: 'cpu', 'cuda' (a TypeError naming the
 * reason when no device answers) or undefined, which follows AISLE_DEVICE: 'cpu' → CPU; 'auto', 'cuda' or unset →
 * the GPU when one answers, else the CPU (the server has already refused to start on 'cuda' without a device).
 */
Device pick_device(Napi::Env env, Napi::Value requested, const char* fn);

/// pick_device for info[0].device (info[0] already checked to be an object by the caller's reader).
inline Device pick_device(const Napi::CallbackInfo& info, const char* fn) {
  return pick_device(info.Env(), info[0].As<Napi::Object>().Get("device"), fn);
}

/// capabilities(): { threads, simd, cuda: { compiled, available, deviceCount, deviceName, reason? }, version }.
Napi::Value Capabilities(const Napi::CallbackInfo& info);

/// topK(args): Promise<{ ids, scores, counts }>; args as validated by src/compute/topk.ts.
Napi::Value TopK(const Napi::CallbackInfo& info);

}  // namespace aisle::binding
