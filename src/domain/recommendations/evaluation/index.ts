/** Offline evaluation of recommenders on MovieLens 100K under the protocol of /work/shared/data/README.md. */
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
export { tuneOnValidation, tuningCandidates, type TuningTrial } from './tuning';
export { DEFAULT_PARAMS, MODEL_NAMES, recommendersFor } from './models';
