// topK(args) → Promise: converts the arguments on the JS thread, scores on a libuv worker thread (plus the
// addon's pool), and builds the result back on the JS thread.
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "addon_state.h"
#include "aisle/topk.h"
#include "args.h"

namespace aisle::binding {
namespace {

/// Plain inputs for Execute(): borrowed pointers, sizes, the tier. No N-API types.
struct TopKBaton {
  TopKInput input;
  KernelTier tier = KernelTier::kAuto;
};

[[noreturn]] void type_error(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, "topK: " + message);
}

KernelTier parse_tier(Napi::Object args) {
  Napi::Value v = args.Get("kernel");
  if (v.IsUndefined()) return KernelTier::kAuto;
  std::string s = v.IsString() ? v.As<Napi::String>().Utf8Value() : "";
  if (s == "auto") return KernelTier::kAuto;
  if (s == "scalar") return KernelTier::kScalar;
  type_error(args.Env(), "kernel must be 'auto' or 'scalar'");
}

/// Reads and cross-checks the lengths so the kernel can never read past an array.
TopKBaton parse(Napi::Object args, KeepAlive& keep) {
  Napi::Env env = args.Env();
  TopKBaton b;
  TopKInput& in = b.input;
  in.d = positive_int(args, "d");
  in.k = positive_int(args, "k");
  auto queries = typed_array<float>(args, "queries", napi_float32_array, false, keep);
  auto items = typed_array<float>(args, "items", napi_float32_array, false, keep);
  if (queries.length % in.d != 0 || items.length % in.d != 0)
    type_error(env, "queries/items length is not a multiple of d");
  in.queries = queries.data;
  in.items = items.data;
  in.nq = queries.length / in.d;
  in.ni = items.length / in.d;
  auto offsets = typed_array<std::int32_t>(args, "excludeOffsets", napi_int32_array, true, keep);
  auto ids = typed_array<std::int32_t>(args, "excludeIds", napi_int32_array, true, keep);
  if (offsets.present != ids.present) type_error(env, "excludeOffsets and excludeIds go together");
  if (offsets.present) {
    if (offsets.length != in.nq + 1) type_error(env, "excludeOffsets must have nq + 1 entries");
    if (offsets.data[in.nq] < 0 || static_cast<std::size_t>(offsets.data[in.nq]) > ids.length)
      type_error(env, "excludeOffsets[nq] exceeds excludeIds.length");
    static const std::int32_t kNoIds[1] = {0};  // immutable: an empty list's non-null stand-in
    in.exclude_offsets = offsets.data;
    in.exclude_ids = ids.length > 0 ? ids.data : kNoIds;
  }
  auto allow = typed_array<std::uint8_t>(args, "allow", napi_uint8_array, true, keep);
  auto bias = typed_array<float>(args, "bias", napi_float32_array, true, keep);
  if (allow.present && allow.length != in.ni) type_error(env, "allow must have ni entries");
  if (bias.present && bias.length != in.ni) type_error(env, "bias must have ni entries");
  in.allow = allow.data;
  in.bias = bias.data;
  b.tier = parse_tier(args);
  return b;
}

/**
 * Runs topk_dot off the event loop and settles a Promise. The input arrays are referenced (not copied) until
 * the worker is destroyed on the JS thread; callers must not detach or write them while the Promise is pending.
 */
class TopKWorker final : public Napi::AsyncWorker {
 public:
  TopKWorker(Napi::Env env, TopKBaton baton, KeepAlive keep)
      : Napi::AsyncWorker(env, "aisle:topK"),
        deferred_(Napi::Promise::Deferred::New(env)),
        baton_(baton),
        keep_(std::move(keep)),
        pool_(state_of(env).pool) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    try {
      const std::size_t slots = baton_.input.nq * baton_.input.k;
      ids_.resize(slots);
      scores_.resize(slots);
      counts_.resize(baton_.input.nq);
      topk_dot(baton_.input, TopKOutput{ids_.data(), scores_.data(), counts_.data()}, *pool_, baton_.tier);
    } catch (const NonFiniteInput& e) {
      non_finite_ = true;
      SetError(e.what());
    } catch (const std::exception& e) {
      SetError(e.what());
    } catch (...) {
      SetError("topK: unknown native error");
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::Object result = Napi::Object::New(env);
    result.Set("ids", copy_out<Napi::Int32Array>(env, ids_));
    result.Set("scores", copy_out<Napi::Float32Array>(env, scores_));
    result.Set("counts", copy_out<Napi::Int32Array>(env, counts_));
    deferred_.Resolve(result);
  }

  /// A NonFiniteInput carries code AISLE_NON_FINITE: the TypeScript layer then names the offending element.
  void OnError(const Napi::Error& error) override {
    if (non_finite_) error.Value().Set("code", Napi::String::New(Env(), "AISLE_NON_FINITE"));
    deferred_.Reject(error.Value());
  }

 private:
  /// A JS-owned copy (no external buffers, which some runtimes forbid); nq × k is small next to the scan.
  template <typename Array, typename T>
  static Array copy_out(Napi::Env env, const std::vector<T>& v) {
    Array a = Array::New(env, v.size());
    if (!v.empty()) std::memcpy(a.Data(), v.data(), v.size() * sizeof(T));
    return a;
  }

  Napi::Promise::Deferred deferred_;
  TopKBaton baton_;
  KeepAlive keep_;
  std::shared_ptr<ThreadPool> pool_;
  std::vector<std::int32_t> ids_;
  std::vector<float> scores_;
  std::vector<std::int32_t> counts_;
  bool non_finite_ = false;
};

}  // namespace

/// Below this many queries an automatic choice stays on the CPU (serving asks for one user at a time).
constexpr std::size_t kGpuMinQueries = 256;

Napi::Value TopK(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) type_error(env, "expected one arguments object");
  KeepAlive keep;
  TopKBaton baton = parse(info[0].As<Napi::Object>(), keep);
  baton.input.device = pick_device(info, "topK");
  // a request naming a CPU tier ('scalar') without naming a device means the CPU
  const bool chosen_automatically = info[0].As<Napi::Object>().Get("device").IsUndefined();
  if (baton.tier != KernelTier::kAuto && chosen_automatically) baton.input.device = Device::kCpu;
  // a small batch (one user per request when serving) is faster on the CPU than the copy of the items to a GPU
  if (chosen_automatically && baton.input.nq < kGpuMinQueries) baton.input.device = Device::kCpu;
  auto* worker = new TopKWorker(env, baton, std::move(keep));
  Napi::Promise promise = worker->Promise();
  worker->Queue();  // the worker deletes itself after OnOK/OnError
  return promise;
}

}  // namespace aisle::binding
