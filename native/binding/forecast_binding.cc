// Binding of the batched forecaster: copies the arguments into a baton on the JS thread (the series block is
// borrowed, kept alive by a reference), runs forecast_batch off the event loop, and returns JS-owned arrays.
#include "forecast_binding.h"

#include <cmath>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "addon_state.h"
#include "aisle/forecast.h"

namespace aisle::binding {
namespace {

[[noreturn]] void fail(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, "forecast: " + message);
}

template <typename T>
Napi::TypedArrayOf<T> typed(Napi::Object args, const char* name, napi_typedarray_type type) {
  Napi::Value v = args.Get(name);
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type) fail(args.Env(), std::string(name) + " has the wrong type");
  return v.As<Napi::TypedArrayOf<T>>();
}

std::size_t count(Napi::Object args, const char* name) {
  Napi::Value v = args.Get(name);
  const double x = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : -1;
  if (!(x >= 0 && x < 2147483648.0) || x != std::floor(x)) fail(args.Env(), std::string(name) + " must be a non-negative integer");
  return static_cast<std::size_t>(x);
}

double optional_number(Napi::Object args, const char* name) {
  Napi::Value v = args.Get(name);
  if (v.IsUndefined()) return std::nan("");
  if (!v.IsNumber()) fail(args.Env(), std::string(name) + " must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

class ForecastWorker final : public Napi::AsyncWorker {
 public:
  ForecastWorker(Napi::Env env, Napi::Object args, ForecastBatchView batch, ForecastRequest request)
      : Napi::AsyncWorker(env, "aisle:forecast"),
        deferred_(Napi::Promise::Deferred::New(env)),
        keep_(Napi::Persistent(args)),
        pool_(state_of(env).pool),
        batch_(batch),
        request_(std::move(request)) {}

  Napi::Promise promise() { return deferred_.Promise(); }

 protected:
  void Execute() override {
    try {
      result_ = forecast_batch(batch_, request_, *pool_);
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnOK() override {
    Napi::Env env = Env();
    Napi::Object o = Napi::Object::New(env);
    o.Set("mean", copy<Napi::Float64Array>(env, result_.mean));
    o.Set("lower", copy<Napi::Float64Array>(env, result_.lower));
    o.Set("upper", copy<Napi::Float64Array>(env, result_.upper));
    o.Set("model", copy<Napi::Int32Array>(env, result_.model));
    deferred_.Resolve(o);
  }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  template <typename Array, typename T>
  static Array copy(Napi::Env env, const std::vector<T>& v) {
    Array a = Array::New(env, v.size());
    if (!v.empty()) std::memcpy(a.Data(), v.data(), v.size() * sizeof(T));
    return a;
  }

  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference keep_;  // holds the arguments (and so the borrowed arrays) until the worker is done
  std::shared_ptr<ThreadPool> pool_;
  ForecastBatchView batch_;
  ForecastRequest request_;
  ForecastResult result_;
};

}  // namespace

Napi::Value Forecast(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) fail(env, "expected one arguments object");
  Napi::Object args = info[0].As<Napi::Object>();
  auto values = typed<double>(args, "values", napi_float64_array);
  auto offsets = typed<std::int32_t>(args, "offsets", napi_int32_array);
  auto levels = typed<double>(args, "levels", napi_float64_array);
  if (offsets.ElementLength() < 1) fail(env, "offsets must have series + 1 entries");
  const std::size_t series = offsets.ElementLength() - 1;
  if (offsets[series] < 0 || static_cast<std::size_t>(offsets[series]) != values.ElementLength())
    fail(env, "offsets[series] must equal values.length");
  ForecastRequest rq;
  rq.model = static_cast<ForecastModel>(count(args, "model"));
  if (count(args, "model") > static_cast<std::size_t>(ForecastModel::kAuto)) fail(env, "model is not a model code");
  rq.horizon = count(args, "horizon");
  rq.season = count(args, "season");
  rq.levels.assign(levels.Data(), levels.Data() + levels.ElementLength());
  rq.params = ForecastParams{optional_number(args, "alpha"), optional_number(args, "beta"),
                             optional_number(args, "gamma"), optional_number(args, "phi")};
  static const double kNone[1] = {0};
  static const std::int32_t kZero[1] = {0};
  ForecastBatchView batch{values.ElementLength() ? values.Data() : kNone, series ? offsets.Data() : kZero, series};
  auto* w = new ForecastWorker(env, args, batch, std::move(rq));
  Napi::Promise p = w->promise();
  w->Queue();
  return p;
}

}  // namespace aisle::binding
