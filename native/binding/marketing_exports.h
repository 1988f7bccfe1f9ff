// The clustering and MLP exports; registered in addon.cc, defined in clustering_binding.cc and mlp_binding.cc.
#pragma once

#include <napi.h>

namespace aisle::binding {

/// kmeans({data, n, d, k, restarts, maxIterations, tolerance, seed, init?}):
/// Promise<{centroids, labels, inertia, iterations}>; args as validated by src/compute/kmeans.ts.
Napi::Value KMeans(const Napi::CallbackInfo& info);

/// silhouette({data, n, d, labels, k, sampleSize, seed}): Promise<number>.
Napi::Value Silhouette(const Napi::CallbackInfo& info);

/// trainMlp({x, y, n, d, hidden, learningRate, l2, epochs, batchSize, validationFraction, patience, seed,
/// positiveWeight, initialWeights?}): Promise<{weights, means, stds, trainLoss, validationLoss, bestEpoch}>.
Napi::Value TrainMlp(const Napi::CallbackInfo& info);

/// mlpPredict({d, hidden, weights, means, stds, x, n}): Promise<Float32Array> (n probabilities).
Napi::Value MlpPredict(const Napi::CallbackInfo& info);

/// mlpContributions({d, hidden, weights, means, stds, x, n}): Promise<Float32Array> (n × d).
Napi::Value MlpContributions(const Napi::CallbackInfo& info);

}  // namespace aisle::binding
