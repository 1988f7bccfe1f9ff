// Bindings of the item-model kernels. Each call reads its arguments on the JS thread into a plain baton, runs the
// kernel in a PromiseWorker's Execute() (no N-API there), and builds JS-owned result arrays in OnOK().
#include "item_models_binding.h"

#include <cstring>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "addon_state.h"
#include "promise_worker.h"
#include "aisle/ease.h"
#include "aisle/item_knn.h"
#include "aisle/sparse_score.h"

namespace aisle::binding {
namespace {

using KeepAlive = std::vector<Napi::Reference<Napi::Value>>;

[[noreturn]] void type_error(Napi::Env env, const std::string& fn, const std::string& message) {
  throw Napi::TypeError::New(env, fn + ": " + message);
}

/// obj[name] as a typed array of `type` (kept alive by `keep`); empty arrays may have a null data pointer.
template <typename T>
const T* array_of(Napi::Object obj, const std::string& fn, const char* name, napi_typedarray_type type,
                  std::size_t& length, KeepAlive& keep) {
  Napi::Value v = obj.Get(name);
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type)
    type_error(obj.Env(), fn, std::string(name) + " has the wrong type");
  auto arr = v.As<Napi::TypedArrayOf<T>>();
  keep.push_back(Napi::Persistent(v));
  length = arr.ElementLength();
  static const T kEmpty[1] = {};
  return length > 0 ? arr.Data() : kEmpty;
}

double number_of(Napi::Object obj, const std::string& fn, const char* name) {
  Napi::Value v = obj.Get(name);
  if (!v.IsNumber()) type_error(obj.Env(), fn, std::string(name) + " must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

std::size_t count_of(Napi::Object obj, const std::string& fn, const char* name) {
  const double x = number_of(obj, fn, name);
  if (!(x >= 0 && x < 2147483648.0) || x != static_cast<double>(static_cast<long long>(x)))
    type_error(obj.Env(), fn, std::string(name) + " must be a non-negative integer");
  return static_cast<std::size_t>(x);
}

/// The JS property names of one CSR matrix on an arguments object.
struct CsrKeys {
  const char* indptr;
  const char* indices;
  const char* values;
};
/// The user × item interactions: the InteractionCsr fields (src/compute/interactions.types.ts).
constexpr CsrKeys kInteractionKeys{"indptr", "indices", "values"};
/// scoreTopK's sparse item-kNN model.
constexpr CsrKeys kModelKeys{"modelOffsets", "modelIds", "modelValues"};

/// A CSR matrix read from obj[keys.indptr | keys.indices | keys.values].
SparseRowsView csr_of(Napi::Object obj, const std::string& fn, const CsrKeys& keys, std::size_t cols,
                      KeepAlive& keep) {
  const std::string indptr = keys.indptr, indices = keys.indices, values = keys.values;
  std::size_t n_off = 0, n_ids = 0, n_val = 0;
  SparseRowsView m;
  m.offsets = array_of<std::int32_t>(obj, fn, keys.indptr, napi_int32_array, n_off, keep);
  m.ids = array_of<std::int32_t>(obj, fn, keys.indices, napi_int32_array, n_ids, keep);
  m.values = array_of<float>(obj, fn, keys.values, napi_float32_array, n_val, keep);
  if (n_off < 1) type_error(obj.Env(), fn, indptr + " must have rows + 1 entries");
  if (n_ids != n_val) type_error(obj.Env(), fn, indices + " and " + values + " differ in length");
  m.rows = n_off - 1;
  m.cols = cols;
  if (m.offsets[m.rows] < 0 || static_cast<std::size_t>(m.offsets[m.rows]) != n_ids)
    type_error(obj.Env(), fn, indptr + "[rows] must equal " + indices + ".length");
  return m;
}

/// The shared worker of every binding (promise_worker.h).
using PromiseWorker = KernelWorker;

template <typename Array, typename T>
Array copy_out(Napi::Env env, const std::vector<T>& v) {
  Array a = Array::New(env, v.size());
  if (!v.empty()) std::memcpy(a.Data(), v.data(), v.size() * sizeof(T));
  return a;
}

Napi::Object args_object(const Napi::CallbackInfo& info, const std::string& fn) {
  if (info.Length() < 1 || !info[0].IsObject()) type_error(info.Env(), fn, "expected one arguments object");
  return info[0].As<Napi::Object>();
}

}  // namespace

Napi::Value TrainEase(const Napi::CallbackInfo& info) {
  const std::string fn = "trainEase";
  Napi::Object args = args_object(info, fn);
  KeepAlive keep;
  const std::size_t items = count_of(args, fn, "nItems");
  SparseRowsView x = csr_of(args, fn, kInteractionKeys, items, keep);
  EaseParams params;
  params.lambda = number_of(args, fn, "lambda");
  params.max_items = count_of(args, fn, "maxItems");
  auto b = std::make_shared<std::vector<float>>();
  auto* w = new PromiseWorker(
      info.Env(), "aisle:trainEase", std::move(keep), [=](ThreadPool& pool) { *b = train_ease(x, params, pool); },
      [b](Napi::Env env) -> Napi::Value { return copy_out<Napi::Float32Array>(env, *b); });
  return PromiseWorker::Start(w);
}

Napi::Value TrainItemKnn(const Napi::CallbackInfo& info) {
  const std::string fn = "trainItemKnn";
  Napi::Object args = args_object(info, fn);
  KeepAlive keep;
  const std::size_t items = count_of(args, fn, "nItems");
  SparseRowsView x = csr_of(args, fn, kInteractionKeys, items, keep);
  ItemKnnParams params;
  params.neighbors = count_of(args, fn, "neighbors");
  params.shrink = number_of(args, fn, "shrink");
  auto s = std::make_shared<SparseRows>();
  auto* w = new PromiseWorker(
      info.Env(), "aisle:trainItemKnn", std::move(keep), [=](ThreadPool& pool) { *s = train_item_knn(x, params, pool); },
      [s](Napi::Env env) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("offsets", copy_out<Napi::Int32Array>(env, s->offsets));
        o.Set("ids", copy_out<Napi::Int32Array>(env, s->ids));
        o.Set("values", copy_out<Napi::Float32Array>(env, s->values));
        return o;
      });
  return PromiseWorker::Start(w);
}

Napi::Value ScoreTopK(const Napi::CallbackInfo& info) {
  const std::string fn = "scoreTopK";
  Napi::Env env = info.Env();
  Napi::Object args = args_object(info, fn);
  KeepAlive keep;
  const std::size_t items = count_of(args, fn, "nItems");
  const std::size_t k = count_of(args, fn, "k");
  const bool exclude_own = args.Get("excludeOwn").ToBoolean().Value();
  SparseRowsView users = csr_of(args, fn, kInteractionKeys, items, keep);
  ItemItemModel model;
  model.items = items;
  if (!args.Get("dense").IsUndefined()) {
    std::size_t length = 0;
    model.dense = array_of<float>(args, fn, "dense", napi_float32_array, length, keep);
    if (length != items * items) type_error(env, fn, "dense must have items × items entries");
  } else {
    model.sparse = csr_of(args, fn, kModelKeys, items, keep);
  }
  SparseScoreFilter filter;
  if (!args.Get("allow").IsUndefined()) {
    std::size_t length = 0;
    filter.allow = array_of<std::uint8_t>(args, fn, "allow", napi_uint8_array, length, keep);
    if (length != items) type_error(env, fn, "allow must have one flag per item");
  }
  if (!args.Get("excludeOffsets").IsUndefined()) {
    std::size_t n_off = 0, n_ids = 0;
    filter.exclude_offsets = array_of<std::int32_t>(args, fn, "excludeOffsets", napi_int32_array, n_off, keep);
    filter.exclude_ids = array_of<std::int32_t>(args, fn, "excludeIds", napi_int32_array, n_ids, keep);
    if (n_off != users.rows + 1) type_error(env, fn, "excludeOffsets must have users + 1 entries");
    if (filter.exclude_offsets[users.rows] < 0 || static_cast<std::size_t>(filter.exclude_offsets[users.rows]) > n_ids)
      type_error(env, fn, "excludeOffsets[users] must be <= excludeIds.length");
  }
  auto ids = std::make_shared<std::vector<std::int32_t>>(users.rows * k);
  auto scores = std::make_shared<std::vector<float>>(users.rows * k);
  auto counts = std::make_shared<std::vector<std::int32_t>>(users.rows);
  auto* w = new PromiseWorker(
      env, "aisle:scoreTopK", std::move(keep),
      [=](ThreadPool& pool) {
        sparse_score_topk(users, model, k, exclude_own, SparseScoreOutput{ids->data(), scores->data(), counts->data()},
                          pool, filter);
      },
      [=](Napi::Env e) -> Napi::Value {
        Napi::Object o = Napi::Object::New(e);
        o.Set("ids", copy_out<Napi::Int32Array>(e, *ids));
        o.Set("scores", copy_out<Napi::Float32Array>(e, *scores));
        o.Set("counts", copy_out<Napi::Int32Array>(e, *counts));
        return o;
      });
  return PromiseWorker::Start(w);
}

}  // namespace aisle::binding
