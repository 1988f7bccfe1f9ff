import type { ModelKindName } from '../../../data/entities';
import type { ChangeFeed } from '../../common/change-feed';
import { ModelNotReadyError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import { query } from '../../common/sql';
import { decodeArtifact, type ModelArtifact } from '../../models/artifact';
import { factorScorer, itemItemScorer, popularityScorer, type Scorer } from './scorers';

/** The kinds that rank products for a user, in the order serving prefers them when their holdout scores tie. */
export const RECOMMENDER_KINDS: readonly ModelKindName[] = ['EASE', 'ALS', 'ITEM_KNN', 'BPR'];

/** The kinds serving loads (the ranking ones; FORECAST and others are served elsewhere). */
const SERVED_KINDS: readonly ModelKindName[] = [...RECOMMENDER_KINDS, 'POPULARITY'];

/** A model version held in memory for serving: its id maps and its scorer (arrays shared, never copied). */
export interface ServedModel {
  id: string;
  kind: ModelKindName;
  /** Holdout nDCG@10 recorded at training (null when none was measured). */
  ndcg: number | null;
  itemIds: string[];
  itemIndex: Map<string, number>;
  userIndex: Map<string, number>;
  scorer: Scorer;
}

interface VersionRow {
  id: string;
  kind: ModelKindName;
  status: string;
  params: Record<string, unknown>;
  metrics: Record<string, unknown> | null;
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function scorerFor(kind: ModelKindName, a: ModelArtifact, params: Record<string, unknown>): Scorer {
  const f32 = (name: string) => a.arrays[name] as Float32Array;
  const i32 = (name: string) => a.arrays[name] as Int32Array;
  const items = a.itemIds.length;
  switch (kind) {
    case 'ALS':
    case 'BPR': {
      const d = f32('itemFactors').length / Math.max(1, items);
      return factorScorer({
        d, userFactors: f32('userFactors'), itemFactors: f32('itemFactors'), itemBias: a.arrays.itemBias as Float32Array | undefined,
        regularization: kind === 'ALS' ? num(params.regularization, 0.01) : 0.01,
        alpha: kind === 'ALS' ? num(params.alpha, 1) : 1,
        foldInAlways: kind === 'ALS',
      });
    }
    case 'EASE':
      return itemItemScorer({ items, weights: f32('weights') });
    case 'ITEM_KNN':
      return itemItemScorer({ items, offsets: i32('offsets'), ids: i32('ids'), values: f32('values') });
    case 'POPULARITY':
      return popularityScorer(f32('scores'));
    default:
      throw new ModelNotReadyError(`a ${kind} model does not rank products`);
  }
}

function served(row: VersionRow, artifact: ModelArtifact): ServedModel {
  const ndcg = row.metrics?.['ndcg@10'];
  return {
    id: row.id,
    kind: row.kind,
    ndcg: typeof ndcg === 'number' ? ndcg : null,
    itemIds: artifact.itemIds,
    itemIndex: new Map(artifact.itemIds.map((id, i) => [id, i])),
    userIndex: new Map(artifact.userIds.map((id, u) => [id, u])),
    scorer: scorerFor(row.kind, artifact, row.params),
  };
}

/**
 * The active model of each kind, decoded once and kept in memory; requests share its arrays. Which versions are
 * active is re-read at most every `pollMs` (cheap: ids only) or at once after an activation in this process, and
 * only a changed version's artifact is loaded. A version asked for by id is kept too (a few, most recent).
 */
export class ServedModels {
  private active = new Map<ModelKindName, ServedModel>();
  private byId = new Map<string, ServedModel>();
  private checkedAt = 0;
  private refreshing: Promise<void> | null = null;
  private generation = 0;
  private checkedGeneration = -1;

  constructor(
    private readonly pollMs: number,
    changes?: ChangeFeed,
  ) {
    changes?.on('models', () => {
      this.generation++;
    });
  }

  /** The active model of each recommender kind present, after making sure the set is current. */
  async activeModels(ctx: RequestContext): Promise<ReadonlyMap<ModelKindName, ServedModel>> {
    const due = this.checkedGeneration !== this.generation || Date.now() - this.checkedAt >= this.pollMs;
    if (due) {
      this.refreshing ??= this.refresh(ctx).finally(() => (this.refreshing = null));
      // the first load, and a load after an activation here, are awaited; a periodic re-check is not
      if (this.checkedGeneration !== this.generation || this.checkedAt === 0) await this.refreshing;
    }
    return this.active;
  }

  /** A READY version by id (NOT_FOUND when absent, MODEL_NOT_READY while training or after failing). */
  async version(ctx: RequestContext, id: string): Promise<ServedModel> {
    const known = this.byId.get(id);
    if (known) return known;
    const [row] = await query<VersionRow>(ctx, `SELECT id::text AS id, kind, status, params, metrics FROM model_versions WHERE id = $1::bigint`, [id]);
    if (!row) throw new NotFoundError(`model ${id} does not exist`);
    if (row.status !== 'READY') throw new ModelNotReadyError(`model ${id} is ${row.status}; only READY models serve`, { status: row.status });
    const model = served(row, await this.artifact(ctx, id));
    this.remember(model);
    return model;
  }

  private remember(model: ServedModel): void {
    this.byId.set(model.id, model);
    if (this.byId.size > 8) this.byId.delete(this.byId.keys().next().value!);
  }

  private async artifact(ctx: RequestContext, id: string): Promise<ModelArtifact> {
    const [row] = await query<{ data: Buffer }>(ctx, `SELECT data FROM model_artifacts WHERE model_id = $1::bigint`, [id]);
    if (!row) throw new ModelNotReadyError(`model ${id} has no stored artifact`);
    return decodeArtifact(row.data);
  }

  private async refresh(ctx: RequestContext): Promise<void> {
    const generation = this.generation;
    const rows = await query<VersionRow>(
      ctx,
      `SELECT id::text AS id, kind, status, params, metrics FROM model_versions
       WHERE active AND status = 'READY' AND kind = ANY($1::text[])`,
      [SERVED_KINDS],
    );
    const next = new Map<ModelKindName, ServedModel>();
    for (const row of rows) {
      const current = this.active.get(row.kind);
      if (current?.id === row.id) {
        next.set(row.kind, current);
        continue;
      }
      const model = this.byId.get(row.id) ?? served(row, await this.artifact(ctx, row.id));
      this.remember(model);
      next.set(row.kind, model);
    }
    this.active = next;
    this.checkedAt = Date.now();
    this.checkedGeneration = generation;
  }
}
