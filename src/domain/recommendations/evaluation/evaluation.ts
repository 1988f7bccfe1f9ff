import { performance } from 'node:perf_hooks';
import { buildInteractions, rowOf, type Interactions } from './interactions';
import { averageMetrics, type RankingMetrics } from './ranking-metrics';
import type { RatingsTable } from './ratings-table';
import type { RankedLists, Recommender } from './recommenders';
import { stratifiedSplitByItem, type RowSplit } from './stratified-split';

/** The protocol's constants: 75 % of each item's ratings train, top-10 lists. */
export const TRAIN_RATIO = 0.75;
export const TOP_K = 10;

/** A split ready to evaluate on: the training matrix and each user's held-out items. */
export interface EvaluationSplit {
  train: Interactions;
  relevant: Array<Set<number>>;
}

/** Builds the training matrix and per-user test sets from a row split of the table. */
export function prepareSplit(table: RatingsTable, split: RowSplit): EvaluationSplit {
  const train = buildInteractions(table, split.train);
  const test = buildInteractions(table, split.test);
  const relevant = Array.from({ length: table.nUsers }, (_, u) => new Set(rowOf(test.matrix, u)));
  return { train, relevant };
}

/** The protocol's split of a whole table: seeded, stratified per item, 75/25. */
export function protocolSplit(table: RatingsTable, seed: number): EvaluationSplit {
  return prepareSplit(table, stratifiedSplitByItem(table, TRAIN_RATIO, seed));
}

/** One model's line of the report. */
export interface EvaluationRow extends RankingMetrics {
  model: string;
  params: Readonly<Record<string, number>>;
  trainSeconds: number;
  recommendSeconds: number;
}

/** Trains one recommender on split.train, ranks top-k for every user and scores the lists against split.relevant. */
export async function evaluateRecommender(split: EvaluationSplit, recommender: Recommender, k = TOP_K): Promise<EvaluationRow> {
  const t0 = performance.now();
  const rank = await recommender.train(split.train);
  const t1 = performance.now();
  const lists = await rank(k);
  const t2 = performance.now();
  assertNoTrainingItems(split.train, lists);
  const metrics = averageMetrics(split.relevant, (u) => listOf(lists, u), k);
  return {
    model: recommender.model,
    params: recommender.params,
    ...metrics,
    trainSeconds: (t1 - t0) / 1000,
    recommendSeconds: (t2 - t1) / 1000,
  };
}

/** User u's list without padding. */
export function listOf(lists: RankedLists, u: number): Int32Array {
  return lists.ids.subarray(u * lists.k, u * lists.k + lists.counts[u]);
}

/** The protocol forbids recommending training items; a model that does would inflate nothing but is broken. */
function assertNoTrainingItems(train: Interactions, lists: RankedLists): void {
  for (let u = 0; u < train.nUsers; u++) {
    const own = new Set(rowOf(train.matrix, u));
    for (const item of listOf(lists, u)) {
      if (own.has(item)) throw new Error(`evaluation: user ${u} was recommended training item ${item}`);
    }
  }
}
