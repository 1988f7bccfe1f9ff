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
#include "promise_worker.h"
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

template <typename Array, typename T>
Array copy_out(Napi::Env env, const std::vector<T>& v) {
  Array a = Array::New(env, v.size());
  if (!v.empty()) std::memcpy(a.Data(), v.data(), v.size() * sizeof(T));
  return a;
}

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
  KeepRefs keep;
  keep.push_back(Napi::Persistent(static_cast<Napi::Value>(args)));  // the borrowed arrays live until the worker is done
  auto result = std::make_shared<ForecastResult>();
  auto request = std::make_shared<ForecastRequest>(std::move(rq));
  return KernelWorker::Start(new KernelWorker(
      env, "aisle:forecast", std::move(keep),
      [batch, request, result](ThreadPool& pool) { *result = forecast_batch(batch, *request, pool); },
      [result](Napi::Env e) -> Napi::Value {
        Napi::Object o = Napi::Object::New(e);
        o.Set("mean", copy_out<Napi::Float64Array>(e, result->mean));
        o.Set("lower", copy_out<Napi::Float64Array>(e, result->lower));
        o.Set("upper", copy_out<Napi::Float64Array>(e, result->upper));
        o.Set("model", copy_out<Napi::Int32Array>(e, result->model));
        return o;
      }));
}

}  // namespace aisle::binding
