/**
 * The compute layer's public face: typed wrappers over the native addon (validation, marshalling, capabilities,
 * device choice) and the reference implementations the kernels are tested against. It imports neither data/ nor api/.
 */
export { capabilities } from './capabilities';
export type { Capabilities, CudaCapabilities, SimdLevel } from './capabilities';
export { resolveDevice } from './device';
export type { ComputeDevice, DeviceSetting } from './device';
export { invalidArgument } from './errors';
export { topK } from './topk';
export type { TopKInput, TopKKernel, TopKResult } from './topk.types';
export { MAX_TOPK_SLOTS } from './topk.validation';
export { topKReference } from './reference/topk.reference';
export { scoreTopK, trainEase, trainItemKnn } from './item-models';
export type {
  EaseModel, EaseOptions, ItemItemModel, ItemKnnModel, ItemKnnOptions, ScoreTopKInput, ScoreTopKResult,
} from './item-models.types';
export { DEFAULT_EASE_MAX_ITEMS } from './item-models.validation';
export { scoreTopKReference, trainEaseReference, trainItemKnnReference } from './reference/item-models.reference';
export { alsFoldIn, trainAls } from './als';
export { trainBpr } from './bpr';
export type { AlsFoldInParams, AlsInput, AlsModel, AlsParams, AlsSolver, BprInput, BprModel, BprParams } from './factorization.types';
export type { InteractionCsr } from './interactions.types';
export { alsReference } from './reference/als.reference';
export { bprReference } from './reference/bpr.reference';
export { kmeans, silhouette } from './kmeans';
export type { KMeansInput, KMeansResult, SilhouetteInput } from './kmeans.types';
export { mlpContributions, mlpPredict, trainMlp } from './mlp';
export type { MlpApplyInput, MlpModel, MlpWeights, TrainMlpInput } from './mlp.types';
export { mlpWeightCount } from './mlp.validation';
export { adjustedRandIndex } from './reference/adjusted-rand';
export { lloydReference, silhouetteReference, silhouetteRows } from './reference/kmeans.reference';
export { mlpContributionsReference, mlpPredictReference, trainMlpReference } from './reference/mlp.reference';
export { forecast, seriesBatch } from './forecast';
export { FORECAST_MODELS } from './forecast.types';
export type { ForecastModelName, ForecastOptions, ForecastResult, SeriesBatch, SmoothingParams } from './forecast.types';
export { DEFAULT_FORECAST_LEVELS, MAX_FORECAST_HORIZON } from './forecast.validation';
export {
  crostonReference, holtReference, holtWintersAdditiveReference, naiveReference, seasonalIndicesReference,
  sesReference, thetaReference,
} from './reference/forecast.reference';
export { Mulberry32, seededRandom } from './reference/mulberry32';
