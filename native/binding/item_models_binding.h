// The item-model exports (EASE, item-kNN, sparse-row scoring); registered by addon.cc.
#pragma once

#include <napi.h>

namespace aisle::binding {

/// trainEase({indptr, indices, values, nItems, lambda, maxItems}): Promise<Float32Array> (items × items B).
Napi::Value TrainEase(const Napi::CallbackInfo& info);

/// trainItemKnn({indptr, indices, values, nItems, neighbors, shrink}): Promise<{offsets, ids, values}>.
Napi::Value TrainItemKnn(const Napi::CallbackInfo& info);

/// scoreTopK({indptr, indices, values, nItems, k, excludeOwn, dense | (modelOffsets, modelIds, modelValues)}):
/// Promise<{ids, scores, counts}>.
Napi::Value ScoreTopK(const Napi::CallbackInfo& info);

}  // namespace aisle::binding
