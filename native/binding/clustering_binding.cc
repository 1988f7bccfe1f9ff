// Bindings of k-means and the silhouette coefficient: arguments into a baton on the JS thread, the kernel in a
// KernelWorker, JS-owned results in OnOK().
#include <memory>

#include "aisle/kmeans.h"
#include "marketing_exports.h"
#include "promise_worker.h"

namespace aisle::binding {
namespace {

DenseRowsView rows_of(ArgsReader& a, const char* name) {
  DenseRowsView x;
  x.n = a.count("n");
  x.d = a.count("d");
  x.data = a.array<float>(name, napi_float32_array, x.n * x.d);
  return x;
}

}  // namespace

Napi::Value KMeans(const Napi::CallbackInfo& info) {
  ArgsReader a(info, "kmeans");
  const DenseRowsView x = rows_of(a, "data");
  KMeansParams p;
  p.k = a.count("k");
  p.restarts = a.count("restarts");
  p.max_iterations = a.count("maxIterations");
  p.tolerance = a.number("tolerance");
  p.seed = static_cast<std::uint32_t>(a.count("seed"));
  const bool given = a.has("init");
  std::vector<float> init = given ? a.copy<float>("init", napi_float32_array) : std::vector<float>();
  auto result = std::make_shared<KMeansResult>();
  auto* w = new KernelWorker(
      a.env(), "aisle:kmeans", a.take_keep(),
      [=](ThreadPool& pool) { *result = given ? kmeans_from(x, init, p, pool) : kmeans(x, p, pool); },
      [result](Napi::Env env) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("centroids", copy_to_js<Napi::Float32Array>(env, result->centroids));
        o.Set("labels", copy_to_js<Napi::Int32Array>(env, result->labels));
        o.Set("inertia", Napi::Number::New(env, result->inertia));
        o.Set("iterations", Napi::Number::New(env, static_cast<double>(result->iterations)));
        return o;
      });
  return KernelWorker::Start(w);
}

Napi::Value Silhouette(const Napi::CallbackInfo& info) {
  ArgsReader a(info, "silhouette");
  const DenseRowsView x = rows_of(a, "data");
  const std::int32_t* labels = a.array<std::int32_t>("labels", napi_int32_array, x.n);
  const std::size_t k = a.count("k");
  const std::size_t sample = a.count("sampleSize");
  const auto seed = static_cast<std::uint32_t>(a.count("seed"));
  auto value = std::make_shared<double>(0.0);
  auto* w = new KernelWorker(
      a.env(), "aisle:silhouette", a.take_keep(),
      [=](ThreadPool& pool) { *value = silhouette(x, labels, k, sample, seed, pool); },
      [value](Napi::Env env) -> Napi::Value { return Napi::Number::New(env, *value); });
  return KernelWorker::Start(w);
}

}  // namespace aisle::binding
