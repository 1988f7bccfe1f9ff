/** Offline evaluation of recommenders: MovieLens 100K (stratified split) and Online Retail (chronological split). */
export { readMovieLens100k, toTable, type RatingsTable } from './ratings-table';
export { seededRandom, stratifiedSplitByItem, type RowSplit } from './stratified-split';
export { buildInteractions, rowOf, type Interactions } from './interactions';
export {
  averageMetrics, averagePrecisionAtK, hitsAtK, ndcgAtK, precisionAtK, recallAtK, type RankingMetrics,
} from './ranking-metrics';
export {
  decayedPopularity, easeRecommender, itemKnnRecommender, popularityRecommender, rankByFactors,
  type RankedLists, type Ranker, type Recommender,
} from './recommenders';
export {
  evaluateRecommender, listOf, prepareSplit, protocolSplit, TOP_K, TRAIN_RATIO, type EvaluationRow, type EvaluationSplit,
} from './evaluation';
export { tuneOnSplit, tuneOnValidation, tuningCandidates, type TuningTrial } from './tuning';
export { DEFAULT_PARAMS, MODEL_NAMES, recommendersFor } from './models';
export {
  isCustomerPurchase, readOnlineRetailPurchases, toPurchaseLog, type Purchase, type PurchaseLog, type PurchaseLogRead,
} from './purchase-log';
export {
  chronologicalSplit, HOLDOUT_DAYS, INTERACTION_WEIGHTS, type ChronologicalSplit, type InteractionWeight,
} from './chronological-split';
export { CHRONOLOGICAL_PROTOCOL, evaluateChronological, type ChronologicalOptions } from './chronological-evaluation';
