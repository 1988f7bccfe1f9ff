import type { TrainingSettings } from '../../config/config';
import type { ChangeFeed } from '../common/change-feed';
import { MODEL_KINDS, ModelKindName } from '../../data/entities';
import { BadUserInputError } from '../common/errors';
import { parseId } from '../common/ids';
import { keysetSql } from '../common/keyset';
import { KeysetRow, Page, PageArgs, pageRequest, sliceRows, SortOrder, withTotal } from '../common/pagination';
import type { RequestContext } from '../common/request-context';
import { query, SqlParams } from '../common/sql';
import type { JobHandle } from '../jobs/job-execution';
import type { JobQueue } from '../jobs/job-queue';
import { execute } from '../common/sql';
import type { JobRecord } from '../jobs/job.records';
import { runTraining } from '../recommendations/training/training-pipeline';
import { resolveTrainingParams, TRAINABLE_KINDS, type TrainableKind } from '../recommendations/training/training-params';
import { resolveForecastParams, runForecastTraining } from '../forecasts/serving/forecast-training';
import { ModelRegistry } from './model-registry';
import { MODEL_COLUMNS, modelFromRow, ModelRow, ModelVersionRecord } from './model.records';

/** Model versions are listed newest first. */
export const MODELS_ORDER: SortOrder = { name: 'models:ID_DESC', key: null, keyType: 'bigint', id: 'm.id', descending: true };

/** Job kind of a model training. */
export const TRAIN_MODEL_JOB = 'TRAIN_MODEL';

function isTrainable(kind: string): kind is TrainableKind {
  return (TRAINABLE_KINDS as readonly string[]).includes(kind);
}

/** The model registry as clients see it: list and read versions, start trainings, switch the active version. */
export class ModelService {
  private readonly registry = new ModelRegistry();

  constructor(
    private readonly runner: JobQueue,
    private readonly settings: TrainingSettings,
    private readonly changes?: ChangeFeed,
  ) {
    runner.handle(TRAIN_MODEL_JOB, (job, params) => this.runTrainJob(job, params));
  }

  /**
   * The TRAIN_MODEL job, in whichever process works it: params are validated again (they were at enqueue), and a
   * version an earlier attempt of this job left TRAINING (its worker died) is marked FAILED first, so no half-trained
   * version lingers; the new attempt saves its own, atomically.
   */
  private async runTrainJob(job: JobHandle, stored: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (stored.modelKind === 'FORECAST') {
      const result = await runForecastTraining(job, this.registry, resolveForecastParams(stored.params));
      return result;
    }
    const kind = stored.modelKind as TrainableKind;
    const params = resolveTrainingParams(kind, stored.params, this.settings);
    await execute(job.ctx, `UPDATE model_versions SET status = 'FAILED' WHERE job_id = $1::bigint AND status = 'TRAINING'`, [job.id]);
    const result = await runTraining(job, this.registry, { kind, params, settings: this.settings });
    if (result.activated) this.changes?.emit('models');
    return result;
  }

  /** A page of versions, newest first, optionally of one kind; artifacts are never read. */
  async list(ctx: RequestContext, args: PageArgs, kind?: ModelKindName | null): Promise<Page<ModelVersionRecord>> {
    const request = pageRequest(args, MODELS_ORDER);
    const where = (params: SqlParams): string[] => {
      if (kind === null || kind === undefined) return [];
      if (!MODEL_KINDS.includes(kind)) throw new BadUserInputError('kind', `unknown model kind "${kind}"`);
      return [`m.kind = ${params.add(kind)}`];
    };
    const params = new SqlParams();
    const sql = keysetSql({ select: MODEL_COLUMNS, from: 'model_versions m', where: where(params), params }, request);
    const rows = await query<ModelRow & KeysetRow>(ctx, sql, params.values);
    return withTotal(sliceRows(rows, request, modelFromRow), async () => {
      const countParams = new SqlParams();
      const conditions = where(countParams);
      const [row] = await query<{ n: number }>(
        ctx,
        `SELECT count(*)::int AS n FROM model_versions m WHERE ${conditions.length ? conditions.join(' AND ') : 'TRUE'}`,
        countParams.values,
      );
      return row.n;
    });
  }

  /** One version, or null when the id names none. */
  async get(ctx: RequestContext, id: string): Promise<ModelVersionRecord | null> {
    const [row] = await query<ModelRow>(ctx, `SELECT ${MODEL_COLUMNS} FROM model_versions m WHERE m.id = $1::bigint`, [
      parseId(id, 'id'),
    ]);
    return row ? modelFromRow(row) : null;
  }

  /**
   * Validates kind and params and queues a TRAIN_MODEL job; returns the job at once. Kinds without a trainer yet
   * are refused with BAD_USER_INPUT listing the trainable ones.
   */
  async train(ctx: RequestContext, kind: ModelKindName, rawParams: unknown): Promise<JobRecord> {
    if (kind === 'FORECAST') {
      resolveForecastParams(rawParams); // BAD_USER_INPUT now, not in the job
      return this.runner.enqueue(ctx, TRAIN_MODEL_JOB, { modelKind: kind, params: rawParams ?? {} });
    }
    if (!isTrainable(kind)) {
      throw new BadUserInputError('kind', `ModelKind ${kind} cannot be trained yet; trainable: ${[...TRAINABLE_KINDS, 'FORECAST'].join(', ')}`);
    }
    resolveTrainingParams(kind, rawParams, this.settings); // BAD_USER_INPUT now, not in the job
    return this.runner.enqueue(ctx, TRAIN_MODEL_JOB, { modelKind: kind, params: rawParams ?? {} });
  }

  /** Makes a READY version the active one of its kind (NOT_FOUND / MODEL_NOT_READY otherwise), atomically. */
  async activate(ctx: RequestContext, id: string): Promise<ModelVersionRecord> {
    const model = await this.registry.activate(ctx, parseId(id, 'id'));
    this.changes?.emit('models');
    return model;
  }
}
