// trainAls / alsFoldIn / trainBpr → Promise: arguments are read into plain structs on the JS thread, the kernel
// runs on a libuv worker (plus the addon's pool), and the typed arrays are built back on the JS thread.
#include <cstring>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "addon_state.h"
#include "promise_worker.h"
#include "aisle/als.h"
#include "aisle/bpr.h"
#include "factorization_exports.h"

namespace aisle::binding {
namespace {

/// Reads one arguments object, naming the function in every message (a safety net: TypeScript validates first).
class Reader {
 public:
  Reader(const Napi::CallbackInfo& info, const char* fn) : env_(info.Env()), fn_(fn) {
    if (info.Length() < 1 || !info[0].IsObject()) fail("expected one arguments object");
    obj_ = info[0].As<Napi::Object>();
  }

  [[noreturn]] void fail(const std::string& message) const {
    throw Napi::TypeError::New(env_, std::string(fn_) + ": " + message);
  }

  template <typename T>
  const T* array(const char* name, napi_typedarray_type type, std::size_t& length, bool optional = false) {
    Napi::Value v = obj_.Get(name);
    if (optional && v.IsUndefined()) return nullptr;
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type) fail(std::string(name) + " has the wrong type");
    auto arr = v.As<Napi::TypedArrayOf<T>>();
    keep_.push_back(Napi::Persistent(v));
    length = arr.ElementLength();
    static const T kEmpty[1] = {};
    return length > 0 ? arr.Data() : kEmpty;  // never null: an empty array is still present
  }

  double number(const char* name, double lo, double hi) const {
    Napi::Value v = obj_.Get(name);
    double x = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : lo - 1;
    if (!(x >= lo && x <= hi)) fail(std::string(name) + " is out of range");
    return x;
  }

  std::size_t integer(const char* name, double lo, double hi) const {
    double x = number(name, lo, hi);
    if (x != static_cast<double>(static_cast<long long>(x))) fail(std::string(name) + " must be an integer");
    return static_cast<std::size_t>(x);
  }

  bool boolean(const char* name) const {
    Napi::Value v = obj_.Get(name);
    if (!v.IsBoolean()) fail(std::string(name) + " must be a boolean");
    return v.As<Napi::Boolean>().Value();
  }

  std::string string(const char* name) const {
    Napi::Value v = obj_.Get(name);
    return v.IsString() ? v.As<Napi::String>().Utf8Value() : "";
  }

  /// indptr/indices/values as a CSR view with `cols` columns, lengths cross-checked so reads stay in bounds.
  CsrView csr(std::size_t cols) {
    std::size_t np = 0, ni = 0, nv = 0;
    CsrView m;
    m.indptr = array<std::int32_t>("indptr", napi_int32_array, np);
    m.indices = array<std::int32_t>("indices", napi_int32_array, ni);
    m.values = array<float>("values", napi_float32_array, nv);
    if (np < 1) fail("indptr must have rows + 1 entries");
    m.rows = np - 1;
    m.cols = cols;
    if (ni != nv) fail("indices and values must have the same length");
    if (m.indptr[m.rows] < 0 || static_cast<std::size_t>(m.indptr[m.rows]) != ni)
      fail("indptr[rows] must equal indices.length");
    return m;
  }

  KernelTier tier() const {
    std::string s = string("kernel");
    if (s.empty() || s == "auto") return KernelTier::kAuto;
    if (s == "scalar") return KernelTier::kScalar;
    fail("kernel must be 'auto' or 'scalar'");
  }

  std::vector<Napi::Reference<Napi::Value>> take_keep() { return std::move(keep_); }
  Napi::Env env() const { return env_; }

 private:
  Napi::Env env_;
  const char* fn_;
  Napi::Object obj_;
  std::vector<Napi::Reference<Napi::Value>> keep_;
};

/**
 * Runs `work` off the event loop (the shared KernelWorker) and settles a Promise with what `build` makes of its
 * results. `work` touches no N-API; its exceptions reject the Promise with their message. Inputs stay referenced
 * until the worker dies.
 */
Napi::Promise queue(Napi::Env env, const char* name, Reader& reader, std::function<void()> work,
                    std::function<Napi::Value(Napi::Env)> build) {
  return KernelWorker::Start(new KernelWorker(env, name, reader.take_keep(), [work](ThreadPool&) { work(); }, std::move(build)));
}

/// A JS-owned copy (no external buffers, which some runtimes forbid).
template <typename Array, typename T>
Array copy_out(Napi::Env env, const std::vector<T>& v) {
  Array a = Array::New(env, v.size());
  if (!v.empty()) std::memcpy(a.Data(), v.data(), v.size() * sizeof(T));
  return a;
}

constexpr double kMaxInt = 2147483647.0;
constexpr double kMaxFloat = 3.4e38;

}  // namespace

Napi::Value TrainAls(const Napi::CallbackInfo& info) {
  Reader r(info, "trainAls");
  AlsParams p;
  const std::size_t cols = r.integer("nItems", 0, kMaxInt);
  const CsrView m = r.csr(cols);
  p.factors = r.integer("factors", 1, 4096);
  p.regularization = static_cast<float>(r.number("regularization", 1e-30, kMaxFloat));
  p.alpha = static_cast<float>(r.number("alpha", 0, kMaxFloat));
  p.iterations = r.integer("iterations", 0, 1e6);
  p.cg_steps = r.integer("cgSteps", 1, 1e6);
  p.seed = static_cast<std::uint32_t>(r.integer("seed", 0, 4294967295.0));
  const std::string solver = r.string("solver");
  if (solver != "cg" && solver != "cholesky") r.fail("solver must be 'cg' or 'cholesky'");
  p.solver = solver == "cg" ? AlsSolver::kConjugateGradient : AlsSolver::kCholesky;
  p.compute_loss = r.boolean("computeLoss");
  p.tier = r.tier();
  p.device = pick_device(info, "trainAls");
  if (p.tier != KernelTier::kAuto && info[0].As<Napi::Object>().Get("device").IsUndefined()) p.device = Device::kCpu;
  auto pool = state_of(r.env()).pool;
  auto result = std::make_shared<AlsResult>();
  return queue(
      r.env(), "aisle:trainAls", r, [=] { *result = train_als(m, p, *pool); },
      [=](Napi::Env env) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("userFactors", copy_out<Napi::Float32Array>(env, result->user_factors));
        o.Set("itemFactors", copy_out<Napi::Float32Array>(env, result->item_factors));
        o.Set("itemGram", copy_out<Napi::Float64Array>(env, result->item_gram));
        o.Set("loss", copy_out<Napi::Float64Array>(env, result->loss));
        return o;
      });
}

Napi::Value AlsFoldIn(const Napi::CallbackInfo& info) {
  Reader r(info, "alsFoldIn");
  const std::size_t d = r.integer("factors", 1, 4096);
  std::size_t ny = 0, ng = 0, ni = 0, nv = 0;
  const float* y = r.array<float>("itemFactors", napi_float32_array, ny);
  const double* g = r.array<double>("itemGram", napi_float64_array, ng, true);
  const std::int32_t* items = r.array<std::int32_t>("items", napi_int32_array, ni);
  const float* values = r.array<float>("values", napi_float32_array, nv);
  if (ny % d != 0) r.fail("itemFactors length is not a multiple of factors");
  if (g != nullptr && ng != d * d) r.fail("itemGram must have factors² entries");
  if (ni != nv) r.fail("items and values must have the same length");
  const float lambda = static_cast<float>(r.number("regularization", 1e-30, kMaxFloat));
  const float alpha = static_cast<float>(r.number("alpha", 0, kMaxFloat));
  auto pool = state_of(r.env()).pool;
  auto out = std::make_shared<std::vector<float>>(d);
  return queue(
      r.env(), "aisle:alsFoldIn", r,
      [=] { als_fold_in(y, ny / d, d, g, items, values, ni, lambda, alpha, out->data(), *pool); },
      [=](Napi::Env env) -> Napi::Value { return copy_out<Napi::Float32Array>(env, *out); });
}

Napi::Value TrainBpr(const Napi::CallbackInfo& info) {
  Reader r(info, "trainBpr");
  BprParams p;
  const std::size_t cols = r.integer("nItems", 0, kMaxInt);
  const CsrView m = r.csr(cols);
  p.factors = r.integer("factors", 1, 4096);
  p.learning_rate = r.number("learningRate", 1e-300, kMaxFloat);
  p.regularization = r.number("regularization", 0, kMaxFloat);
  p.epochs = r.integer("epochs", 0, 1e6);
  p.seed = static_cast<std::uint32_t>(r.integer("seed", 0, 4294967295.0));
  auto result = std::make_shared<BprResult>();
  return queue(
      r.env(), "aisle:trainBpr", r, [=] { *result = train_bpr(m, p); },
      [=](Napi::Env env) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("userFactors", copy_out<Napi::Float32Array>(env, result->user_factors));
        o.Set("itemFactors", copy_out<Napi::Float32Array>(env, result->item_factors));
        o.Set("itemBias", copy_out<Napi::Float32Array>(env, result->item_bias));
        o.Set("loss", copy_out<Napi::Float64Array>(env, result->loss));
        o.Set("auc", copy_out<Napi::Float64Array>(env, result->auc));
        return o;
      });
}

}  // namespace aisle::binding
