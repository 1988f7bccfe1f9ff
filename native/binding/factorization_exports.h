// The matrix-factorisation exports (ALS, fold-in, BPR); registered in addon.cc, defined in factorization_binding.cc.
#pragma once

#include <napi.h>

namespace aisle::binding {

/// trainAls(args): Promise<{ userFactors, itemFactors, itemGram, loss }>; args as validated by src/compute/als.ts.
Napi::Value TrainAls(const Napi::CallbackInfo& info);

/// alsFoldIn(args): Promise<Float32Array> (one user's factors); args as validated by src/compute/als.ts.
Napi::Value AlsFoldIn(const Napi::CallbackInfo& info);

/// trainBpr(args): Promise<{ userFactors, itemFactors, itemBias, loss, auc }>; args as validated by bpr.ts.
Napi::Value TrainBpr(const Napi::CallbackInfo& info);

}  // namespace aisle::binding
