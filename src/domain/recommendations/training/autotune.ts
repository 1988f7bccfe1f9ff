import { averageMetrics } from '../evaluation/ranking-metrics';
import { splitHoldout } from './holdout';
import type { Csr } from './interactions';
import { TRAINERS } from './trainers';
import type { TrainableKind } from './training-params';

/** The values autotune tries per kind (a small grid around the MovieLens-tuned defaults). */
export const AUTOTUNE_GRID: Record<TrainableKind, Record<string, number[]>> = {
  ALS: { factors: [64, 128], regularization: [10, 100], alpha: [10, 40] },
  BPR: { factors: [32, 64], learningRate: [0.01, 0.05] },
  EASE: { lambda: [50, 200, 400, 1000] },
  ITEM_KNN: { neighbors: [50, 200], shrink: [0, 10] },
  POPULARITY: { halfLifeDays: [7, 30, 90] },
};

/** Share of each user's latest items carved off the training part for validation. */
const VALIDATION_FRACTION = 0.1;
const K = 10;

/** Every combination of the grid's free keys over the given defaults. */
export function candidates(base: Record<string, number>, grid: Record<string, number[]>, fixed: readonly string[]): Array<Record<string, number>> {
  let out: Array<Record<string, number>> = [{ ...base }];
  for (const [key, values] of Object.entries(grid)) {
    if (fixed.includes(key)) continue;
    out = out.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  return out;
}

export interface AutotuneResult {
  chosen: Record<string, number>;
  trials: Array<{ params: Record<string, number>; 'ndcg@10': number }>;
}

/**
 * Picks hyper-parameters by nDCG@10 on a validation split carved from `train` (each user's latest ~10 % of the
 * TRAINING part), so the holdout the version reports is never looked at while choosing. Ties keep the earlier
 * candidate (the defaults come first in each grid dimension's order given).
 */
export async function autotune(kind: TrainableKind, train: Csr, times: Float64Array, base: Record<string, number>,
  fixed: readonly string[], easeMaxItems: number, onTrial: (done: number, total: number) => void): Promise<AutotuneResult> {
  const split = splitHoldout(train, times, VALIDATION_FRACTION);
  const grid = candidates(base, AUTOTUNE_GRID[kind], fixed);
  const trials: AutotuneResult['trials'] = [];
  let best = { params: base, score: -Infinity };
  for (const [n, params] of grid.entries()) {
    const model = await TRAINERS[kind]({ csr: split.train, times: split.trainTimes, hyper: params, easeMaxItems });
    const ranked = await model.rank(split.train, K);
    const m = averageMetrics(split.relevant, (u) => ranked.ids.subarray(u * K, u * K + ranked.counts[u]), K);
    trials.push({ params, 'ndcg@10': Math.round(m.ndcg * 1e6) / 1e6 });
    if (m.ndcg > best.score) best = { params, score: m.ndcg };
    onTrial(n + 1, grid.length);
  }
  return { chosen: best.params, trials };
}
