import type { ModelKindName } from '../../data/entities';
import { ModelNotReadyError, NotFoundError } from '../common/errors';
import type { RequestContext } from '../common/request-context';
import { execute, query } from '../common/sql';
import { withTransaction } from '../common/transaction';
import { ARTIFACT_FORMAT, encodeArtifact, ModelArtifact } from './artifact';
import { MODEL_COLUMNS, modelFromRow, ModelRow, ModelVersionRecord } from './model.records';

/** Serialises activations of one kind (and auto-activation) so two switches never interleave. */
async function lockKind(tx: RequestContext, kind: string): Promise<void> {
  await execute(tx, `SELECT pg_advisory_xact_lock(hashtext('aisle:model_versions:' || $1))`, [kind]);
}

/**
 * Writes to the model registry: a TRAINING row when a job starts, FAILED when it fails, READY with its artifact
 * when it succeeds, and the atomic switch of the active version of a kind.
 */
export class ModelRegistry {
  /** Records a version being trained, with its parameters and configuration digest. */
  async createTraining(
    ctx: RequestContext,
    kind: ModelKindName,
    params: Record<string, unknown>,
    configDigest: string,
    jobId: string,
  ): Promise<string> {
    const [row] = await query<{ id: string }>(
      ctx,
      `INSERT INTO model_versions (kind, status, params, config_digest, job_id)
       VALUES ($1, 'TRAINING', $2::jsonb, $3, $4::bigint) RETURNING id::text AS id`,
      [kind, JSON.stringify(params), configDigest, jobId],
    );
    return row.id;
  }

  /** Marks a version FAILED (it can never be activated). */
  async markFailed(ctx: RequestContext, id: string): Promise<void> {
    await execute(ctx, `UPDATE model_versions SET status = 'FAILED' WHERE id = $1::bigint AND status = 'TRAINING'`, [id]);
  }

  /**
   * Stores the artifact and marks the version READY in one transaction. When no version of the kind is active
   * yet, this one is activated too, so a fresh installation serves its first model without a manual switch;
   * later versions wait for activateModel.
   */
  async saveReady(
    ctx: RequestContext,
    id: string,
    artifact: ModelArtifact,
    metrics: Record<string, unknown>,
    dataDigest: string,
    /** The parameters actually trained with, when they differ from those recorded at start (autotune). */
    params?: Record<string, unknown>,
  ): Promise<{ activated: boolean }> {
    return withTransaction(ctx, async (tx) => {
      await lockKind(tx, artifact.kind);
      await execute(tx, `INSERT INTO model_artifacts (model_id, format, data) VALUES ($1::bigint, $2, $3)`, [
        id,
        ARTIFACT_FORMAT,
        encodeArtifact(artifact),
      ]);
      const { rowCount } = await execute(
        tx,
        `UPDATE model_versions SET status = 'READY', metrics = $2::jsonb, data_digest = $3, trained_at = now(),
           params = coalesce($4::jsonb, params),
           active = NOT EXISTS (SELECT 1 FROM model_versions a WHERE a.kind = model_versions.kind AND a.active)
         WHERE id = $1::bigint RETURNING active`,
        [id, JSON.stringify(metrics), dataDigest, params ? JSON.stringify(params) : null],
      );
      if (rowCount !== 1) throw new Error(`model version ${id} disappeared while training`);
      const [row] = await query<{ active: boolean }>(tx, `SELECT active FROM model_versions WHERE id = $1::bigint`, [id]);
      return { activated: row.active };
    });
  }

  /**
   * Makes `id` the active version of its kind in one transaction (deactivate the current one, activate this),
   * under a per-kind lock; the partial unique index guarantees at most one active version per kind regardless.
   */
  async activate(ctx: RequestContext, id: string): Promise<ModelVersionRecord> {
    return withTransaction(ctx, async (tx) => {
      const [found] = await query<{ kind: string }>(tx, `SELECT kind FROM model_versions WHERE id = $1::bigint`, [id]);
      if (!found) throw new NotFoundError(`model ${id} does not exist`);
      await lockKind(tx, found.kind);
      const [model] = await query<ModelRow>(tx, `SELECT ${MODEL_COLUMNS} FROM model_versions m WHERE m.id = $1::bigint FOR UPDATE`, [id]);
      if (model.status !== 'READY') {
        throw new ModelNotReadyError(`model ${id} is ${model.status}; only READY models can be activated`, { status: model.status });
      }
      await execute(tx, `UPDATE model_versions SET active = false WHERE kind = $1 AND active AND id <> $2::bigint`, [model.kind, id]);
      const [row] = await query<ModelRow>(
        tx,
        `UPDATE model_versions m SET active = true WHERE m.id = $1::bigint RETURNING ${MODEL_COLUMNS}`,
        [id],
      );
      return modelFromRow(row);
    });
  }
}
