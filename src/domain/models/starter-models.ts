import type { RequestContext } from '../common/request-context';
import { query } from '../common/sql';
import type { JobRecord } from '../jobs/job.records';
import type { ModelService } from './model.service';

/** What a fresh shop trains so that every serving path has a model: popularity, then the recommenders. */
export const STARTER_KINDS = ['POPULARITY', 'EASE', 'ALS', 'ITEM_KNN'] as const;

/**
 * Queues a training of each starter kind that has no READY version and none in training, when there are events
 * to learn from; returns the queued jobs (none on a restart that already has models: the active ones serve again).
 * EASE is skipped above its item limit (its job would fail; ALS and item-kNN cover large catalogues).
 */
export async function trainStarterModels(ctx: RequestContext, models: ModelService, easeMaxItems: number): Promise<JobRecord[]> {
  const [state] = await query<{ events: boolean; products: number; kinds: string[] }>(
    ctx,
    `SELECT EXISTS (SELECT 1 FROM events) AS events,
            (SELECT count(DISTINCT product_id) FROM events)::int AS products,
            coalesce((SELECT array_agg(DISTINCT kind) FROM model_versions WHERE status IN ('READY', 'TRAINING')), '{}') AS kinds`,
  );
  if (!state.events) return [];
  const wanted = STARTER_KINDS.filter((kind) => !state.kinds.includes(kind) && !(kind === 'EASE' && state.products > easeMaxItems));
  const jobs: JobRecord[] = [];
  for (const kind of wanted) jobs.push(await models.train(ctx, kind, {}));
  return jobs;
}
