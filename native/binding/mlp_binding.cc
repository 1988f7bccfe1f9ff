// Bindings of the MLP: training, batched prediction and gradient × input contributions.
#include <memory>
#include <stdexcept>
#include <string>

#include "aisle/mlp.h"
#include "marketing_exports.h"
#include "promise_worker.h"

namespace aisle::binding {
namespace {

std::vector<std::size_t> hidden_of(ArgsReader& a) {
  std::vector<std::size_t> hidden;
  for (std::int32_t h : a.copy<std::int32_t>("hidden", napi_int32_array)) {
    if (h < 1) a.fail("hidden widths must be positive");
    hidden.push_back(static_cast<std::size_t>(h));
  }
  return hidden;
}

/// The model fields of a predict/contributions call, copied (they are small).
MlpModel model_of(ArgsReader& a) {
  MlpModel m;
  m.d = a.count("d");
  m.hidden = hidden_of(a);
  m.weights = a.copy<float>("weights", napi_float32_array);
  m.means = a.copy<float>("means", napi_float32_array);
  m.stds = a.copy<float>("stds", napi_float32_array);
  return m;
}

using Kernel = void (*)(const MlpModel&, const DenseRowsView&, float*, ThreadPool&);

/// Runs a per-row kernel writing straight into a Float32Array allocated here, on the JS thread, and kept alive
/// by a reference until OnOK hands it back: no zero-filled staging buffer and no copy of up to n × d floats.
Napi::Value apply(const Napi::CallbackInfo& info, const char* fn, const char* name, Kernel kernel, bool per_feature) {
  ArgsReader a(info, fn);
  auto model = std::make_shared<MlpModel>(model_of(a));
  DenseRowsView x;
  x.n = a.count("n");
  x.d = model->d;
  x.data = a.array<float>("x", napi_float32_array, x.n * x.d);
  Napi::Float32Array result = Napi::Float32Array::New(a.env(), per_feature ? x.n * x.d : x.n);
  float* out = result.Data();
  auto keep_result = std::make_shared<Napi::Reference<Napi::Float32Array>>(Napi::Persistent(result));
  auto* w = new KernelWorker(
      a.env(), name, a.take_keep(),
      [=](ThreadPool& pool) {
        try {
          kernel(*model, x, out, pool);
        } catch (const std::invalid_argument& e) {  // the input check: name the export, as TS messages do
          throw std::invalid_argument(std::string(fn) + ": " + e.what());
        }
      },
      [keep_result](Napi::Env) -> Napi::Value { return keep_result->Value(); });
  return KernelWorker::Start(w);
}

}  // namespace

Napi::Value TrainMlp(const Napi::CallbackInfo& info) {
  ArgsReader a(info, "trainMlp");
  DenseRowsView x;
  x.n = a.count("n");
  x.d = a.count("d");
  x.data = a.array<float>("x", napi_float32_array, x.n * x.d);
  const float* y = a.array<float>("y", napi_float32_array, x.n);
  MlpParams p;
  p.hidden = hidden_of(a);
  p.learning_rate = a.number("learningRate");
  p.l2 = a.number("l2");
  p.epochs = a.count("epochs");
  p.batch_size = a.count("batchSize");
  p.validation_fraction = a.number("validationFraction");
  p.patience = a.count("patience");
  p.seed = static_cast<std::uint32_t>(a.count("seed"));
  p.positive_weight = a.number("positiveWeight");
  p.device = pick_device(info, "trainMlp");
  std::shared_ptr<std::vector<float>> initial;
  if (a.has("initialWeights"))
    initial = std::make_shared<std::vector<float>>(a.copy<float>("initialWeights", napi_float32_array));
  auto result = std::make_shared<MlpTraining>();
  auto* w = new KernelWorker(
      a.env(), "aisle:trainMlp", a.take_keep(),
      [=](ThreadPool& pool) { *result = train_mlp(x, y, p, initial.get(), pool); },
      [result](Napi::Env env) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("weights", copy_to_js<Napi::Float32Array>(env, result->model.weights));
        o.Set("means", copy_to_js<Napi::Float32Array>(env, result->model.means));
        o.Set("stds", copy_to_js<Napi::Float32Array>(env, result->model.stds));
        o.Set("trainLoss", copy_to_js<Napi::Float32Array>(env, result->train_loss));
        o.Set("validationLoss", copy_to_js<Napi::Float32Array>(env, result->validation_loss));
        o.Set("bestEpoch", Napi::Number::New(env, static_cast<double>(result->best_epoch)));
        return o;
      });
  return KernelWorker::Start(w);
}

Napi::Value MlpPredict(const Napi::CallbackInfo& info) {
  return apply(info, "mlpPredict", "aisle:mlpPredict", mlp_predict, false);
}

Napi::Value MlpContributions(const Napi::CallbackInfo& info) {
  return apply(info, "mlpContributions", "aisle:mlpContributions", mlp_contributions, true);
}

}  // namespace aisle::binding
