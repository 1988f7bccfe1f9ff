// Module registration: creates the per-environment state and exports the functions. Nothing else.
#include "addon_state.h"
#include "factorization_exports.h"
#include "forecast_binding.h"
#include "item_models_binding.h"
#include "marketing_exports.h"

namespace aisle::binding {

AddonState& state_of(Napi::Env env) { return *env.GetInstanceData<AddonState>(); }

namespace {

/// Registers the exports; file-scope name below because NODE_API_MODULE pastes it into an identifier.
Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* state = new AddonState{std::make_shared<ThreadPool>(default_thread_count()), std::nullopt};
  env.SetInstanceData<AddonState>(state);  // default finaliser: delete state when the environment goes away
  exports.Set("capabilities", Napi::Function::New(env, Capabilities, "capabilities"));
  exports.Set("topK", Napi::Function::New(env, TopK, "topK"));
  exports.Set("trainAls", Napi::Function::New(env, TrainAls, "trainAls"));
  exports.Set("alsFoldIn", Napi::Function::New(env, AlsFoldIn, "alsFoldIn"));
  exports.Set("trainBpr", Napi::Function::New(env, TrainBpr, "trainBpr"));
  exports.Set("trainEase", Napi::Function::New(env, TrainEase, "trainEase"));
  exports.Set("trainItemKnn", Napi::Function::New(env, TrainItemKnn, "trainItemKnn"));
  exports.Set("scoreTopK", Napi::Function::New(env, ScoreTopK, "scoreTopK"));
  exports.Set("kmeans", Napi::Function::New(env, KMeans, "kmeans"));
  exports.Set("silhouette", Napi::Function::New(env, Silhouette, "silhouette"));
  exports.Set("trainMlp", Napi::Function::New(env, TrainMlp, "trainMlp"));
  exports.Set("mlpPredict", Napi::Function::New(env, MlpPredict, "mlpPredict"));
  exports.Set("mlpContributions", Napi::Function::New(env, MlpContributions, "mlpContributions"));
  exports.Set("forecast", Napi::Function::New(env, Forecast, "forecast"));
  return exports;
}

}  // namespace
}  // namespace aisle::binding

static Napi::Object InitAisle(Napi::Env env, Napi::Object exports) { return aisle::binding::Init(env, exports); }
NODE_API_MODULE(aisle_native, InitAisle)
