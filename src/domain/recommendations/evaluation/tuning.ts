import { evaluateRecommender, prepareSplit, TRAIN_RATIO, type EvaluationRow, type EvaluationSplit } from './evaluation';
import type { RatingsTable } from './ratings-table';
import { alsRecommender, bprRecommender } from './factorization.recommenders';
import { easeRecommender, itemKnnRecommender, popularityRecommender, type Recommender } from './recommenders';
import { stratifiedSplitByItem, type RowSplit } from './stratified-split';

/** The grids searched by --tune; the defaults in models.ts were picked from them on ml-100k this way. */
export const EASE_LAMBDAS = [100, 200, 300, 400, 500, 750, 1000, 1500];
export const KNN_NEIGHBORS = [20, 50, 100, 200];
export const KNN_SHRINKS = [0, 10, 50, 100];
export const POPULARITY_HALF_LIVES = [30, 90, 180, 365, 3650];
export const ALS_GRID = { factors: [64, 128], regularization: [1, 10, 30, 100], alpha: [1, 5, 20] };
export const BPR_GRID = { learningRate: [0.01, 0.05, 0.1], regularization: [0.001, 0.01] };

/** One candidate's validation score. */
export interface TuningTrial {
  model: string;
  params: Readonly<Record<string, number>>;
  ndcg: number;
  precision: number;
}

/** Every candidate of the grids above, for the models asked for. */
export function tuningCandidates(models: readonly string[]): Recommender[] {
  const out: Recommender[] = [];
  if (models.includes('ease')) for (const lambda of EASE_LAMBDAS) out.push(easeRecommender({ lambda }));
  if (models.includes('itemknn')) {
    for (const neighbors of KNN_NEIGHBORS) {
      for (const shrink of KNN_SHRINKS) out.push(itemKnnRecommender({ neighbors, shrink }));
    }
  }
  if (models.includes('popularity')) {
    for (const halfLifeDays of POPULARITY_HALF_LIVES) out.push(popularityRecommender({ halfLifeDays }));
  }
  if (models.includes('als')) out.push(...alsCandidates());
  if (models.includes('bpr')) out.push(...bprCandidates());
  return out;
}

function alsCandidates(): Recommender[] {
  const out: Recommender[] = [];
  for (const factors of ALS_GRID.factors) {
    for (const regularization of ALS_GRID.regularization) {
      for (const alpha of ALS_GRID.alpha) out.push(alsRecommender({ factors, regularization, alpha, iterations: 15 }));
    }
  }
  return out;
}

function bprCandidates(): Recommender[] {
  const out: Recommender[] = [];
  for (const learningRate of BPR_GRID.learningRate) {
    for (const regularization of BPR_GRID.regularization) {
      out.push(bprRecommender({ factors: 64, learningRate, regularization, epochs: 100 }));
    }
  }
  return out;
}

/**
 * Picks hyper-parameters without looking at the test part: the training rows are split again (stratified per
 * item, 75/25, seed + 1), each candidate is trained on the inner part and scored on the validation part, and the
 * best nDCG@10 per model wins. Returns the winners (to retrain on the whole training part) and every trial.
 */
export async function tuneOnValidation(
  table: RatingsTable,
  outer: RowSplit,
  seed: number,
  candidates: Recommender[],
): Promise<{ best: Map<string, Recommender>; trials: TuningTrial[] }> {
  const inner = stratifiedSplitByItem(table, TRAIN_RATIO, seed + 1, outer.train);
  return tuneOnSplit(prepareSplit(table, inner), candidates);
}

/**
 * Trains every candidate on validation.train, scores it on validation.relevant and keeps the best nDCG@10 per
 * model. The caller carves `validation` from its training part only (a stratified or a chronological split).
 */
export async function tuneOnSplit(
  validation: EvaluationSplit,
  candidates: Recommender[],
): Promise<{ best: Map<string, Recommender>; trials: TuningTrial[] }> {
  const best = new Map<string, { recommender: Recommender; row: EvaluationRow }>();
  const trials: TuningTrial[] = [];
  for (const recommender of candidates) {
    const row = await evaluateRecommender(validation, recommender);
    trials.push({ model: row.model, params: row.params, ndcg: row.ndcg, precision: row.precision });
    const current = best.get(row.model);
    if (!current || row.ndcg > current.row.ndcg) best.set(row.model, { recommender, row });
  }
  return { best: new Map([...best].map(([model, { recommender }]) => [model, recommender])), trials };
}
