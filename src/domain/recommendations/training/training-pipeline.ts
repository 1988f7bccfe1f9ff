import type { TrainingSettings } from '../../../config/config';
import { ModelNotReadyError } from '../../common/errors';
import type { JobHandle } from '../../jobs/job-runner';
import type { ModelRegistry } from '../../models/model-registry';
import { averageMetrics } from '../evaluation/ranking-metrics';
import { configDigest, dataDigest } from './digest';
import { splitHoldout } from './holdout';
import { loadInteractions, type TrainingData } from './interactions';
import { autotune, type AutotuneResult } from './autotune';
import { TRAINERS, type TrainedModel } from './trainers';
import { paramsJson, type TrainableKind, type TrainingParams } from './training-params';

/** Ranking depth of the holdout metrics (`ndcg@10`, `precision@10`, `recall@10`). */
export const EVAL_K = 10;

/** A training request as the job runs it. */
export interface TrainingRequest {
  kind: TrainableKind;
  params: TrainingParams;
  settings: TrainingSettings;
}

function checkEnoughData(data: TrainingData): void {
  const users = data.userIds.length;
  const items = data.itemIds.length;
  if (users < 2 || items < 2) {
    throw new ModelNotReadyError(
      `not enough interactions (${users} users, ${items} products, ${data.csr.indices.length} positive ` +
        'user-product pairs; training needs at least 2 users and 2 products with positive signal)',
    );
  }
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Holdout metrics of a model trained on the split's training part; null figures when no user was held out. */
async function evaluate(model: TrainedModel, split: ReturnType<typeof splitHoldout>): Promise<Record<string, unknown>> {
  const ranked = await model.rank(split.train, EVAL_K);
  const m = averageMetrics(split.relevant, (u) => ranked.ids.subarray(u * EVAL_K, u * EVAL_K + ranked.counts[u]), EVAL_K);
  const none = m.users === 0;
  return {
    'ndcg@10': none ? null : round(m.ndcg),
    'precision@10': none ? null : round(m.precision),
    'recall@10': none ? null : round(m.recall),
    map: none ? null : round(m.map),
    evaluatedUsers: m.users,
  };
}

/**
 * The TRAIN_MODEL job: load the weighted matrix (progress 0 → 0.2), hold out each user's latest ~10 % (0.25),
 * train on the rest and score the held-out items (→ 0.6), then train again on everything (→ 0.85) and save that
 * model with the holdout metrics (→ 1). The saved model has seen every interaction; its metrics describe the same
 * configuration one step back in time. Fails with MODEL_NOT_READY when there is too little data.
 */
export async function runTraining(job: JobHandle, registry: ModelRegistry, request: TrainingRequest): Promise<Record<string, unknown>> {
  const { ctx } = job;
  const { kind, params, settings } = request;
  const recorded = paramsJson(params);
  const digest = configDigest(kind, recorded, { ratingMidpoint: settings.ratingMidpoint });
  const modelId = await registry.createTraining(ctx, kind, recorded, digest, job.id);
  try {
    job.progress(0.02, 'loading interactions');
    const started = Date.now();
    const data = await loadInteractions(ctx, { ...params, ratingMidpoint: settings.ratingMidpoint });
    checkEnoughData(data);
    job.progress(0.2, `loaded ${data.csr.indices.length} interactions of ${data.userIds.length} users`);
    const split = splitHoldout(data.csr, data.times, params.holdoutFraction);
    job.progress(0.25, `held out ${split.heldOut} interactions`);
    const trainer = TRAINERS[kind];
    let hyper = params.hyper;
    let tuning: AutotuneResult | null = null;
    if (params.autotune && split.heldOut > 0) {
      tuning = await autotune(kind, split.train, split.trainTimes, hyper, params.fixed, settings.easeMaxItems, (done, total) =>
        job.progress(0.25 + 0.2 * (done / total), `autotune: ${done}/${total} candidates`),
      );
      hyper = tuning.chosen;
    }
    const base = { hyper, easeMaxItems: settings.easeMaxItems };
    let holdout: Record<string, unknown> = { 'ndcg@10': null, 'precision@10': null, 'recall@10': null, map: null, evaluatedUsers: 0 };
    if (split.heldOut > 0) {
      const probe = await trainer({ ...base, csr: split.train, times: split.trainTimes });
      job.progress(0.5, 'evaluating on the holdout');
      holdout = await evaluate(probe, split);
    }
    job.progress(0.6, 'training on all interactions');
    const trainStarted = Date.now();
    const model = await trainer({ ...base, csr: data.csr, times: data.times });
    const trainSeconds = (Date.now() - trainStarted) / 1000;
    job.progress(0.85, 'saving the model');
    const metrics = {
      ...holdout,
      heldOutInteractions: split.heldOut,
      users: data.userIds.length,
      items: data.itemIds.length,
      interactions: data.csr.indices.length,
      train_seconds: round(trainSeconds),
      total_seconds: round((Date.now() - started) / 1000),
      ...model.summary,
      ...(tuning ? { autotune: { chosen: tuning.chosen, trials: tuning.trials } } : {}),
    };
    const artifact = { kind, userIds: data.userIds, itemIds: data.itemIds, arrays: model.arrays };
    const trainedParams = tuning ? { ...recorded, ...tuning.chosen } : undefined;
    const { activated } = await registry.saveReady(ctx, modelId, artifact, metrics, dataDigest(data), trainedParams);
    job.progress(1, 'model saved');
    return { modelId, kind, activated, metrics };
  } catch (error) {
    await registry.markFailed(ctx, modelId).catch(() => undefined);
    throw error;
  }
}
