import type { Command } from 'commander';
import { capabilities } from '../../compute';
import type { DataSource } from 'typeorm';
import type { JobRecord } from '../../domain/jobs/job.records';
import { MODEL_KINDS, type ModelKindName } from '../../domain/models/model.records';
import { trainStarterModels } from '../../domain/models/starter-models';
import { createDomainServices, type DomainServices } from '../../domain/services';
import type { RequestContext } from '../../domain/common/request-context';
import type { AisleDatabase } from '../../data/database/connect';
import { startBackend, waitForJobs } from '../../main';
import { createCliContext, withDatabase, type CliContext } from '../cli-context';

/** Services and a request context for a command that needs no jobs (the in-process queue, never used). */
export function commandServices(ctx: CliContext, dataSource: DataSource): { services: DomainServices; request: RequestContext } {
  const services = createDomainServices({ capabilities, training: ctx.config.training, serving: ctx.config.serving });
  const request = { requestId: 'cli', logger: ctx.logger, dataSource, limits: { maxBatch: ctx.config.maxBatch } };
  return { services, request };
}

/**
 * Runs `fn` with services on the configured job queue, this process working it too (so a command that queues
 * training finishes even with no worker running), then hands the queue back.
 */
export async function withJobServices<T>(ctx: CliContext, db: AisleDatabase,
  fn: (services: DomainServices, request: RequestContext) => Promise<T>): Promise<T> {
  const request = { requestId: 'cli', logger: ctx.logger, dataSource: db.dataSource, limits: { maxBatch: ctx.config.maxBatch } };
  const backend = await startBackend(ctx.config, db.url, request, true);
  try {
    return await fn(backend.services, request);
  } finally {
    await backend.stop();
  }
}

/** Waits for the jobs, printing one line per finished job; rejects when any failed. */
export async function reportJobs(ctx: CliContext, services: DomainServices, request: RequestContext, jobs: JobRecord[]): Promise<void> {
  let failed = 0;
  for (const job of await waitForJobs(request, services, jobs.map((j) => j.id))) {
    const result = job.result ?? {};
    const metrics = (result.metrics ?? {}) as Record<string, unknown>;
    if (job.status !== 'SUCCEEDED') failed++;
    const kind = result.kind ?? job.params.modelKind;
    ctx.print(
      { job: job.id, status: job.status, kind, modelId: result.modelId ?? null, activated: result.activated ?? false, metrics, error: job.error },
      job.status === 'SUCCEEDED'
        ? `${String(kind).padEnd(10)} model ${result.modelId} ${result.activated ? '(active)' : '(not activated)'}  ` +
            `ndcg@10 ${metrics['ndcg@10'] ?? '–'}  train ${metrics.train_seconds ?? '–'} s`
        : `${String(kind).padEnd(10)} FAILED: ${job.error}`,
    );
  }
  if (failed > 0) throw new Error(`${failed} training job(s) failed`);
}

/** `aisle train <kind> [--params JSON]`: trains one model version in this process and waits for it. */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(`train a model version and wait for it (kinds: ${MODEL_KINDS.join(', ')}; "starter" = every missing starter model)`)
    .argument('<kind>', 'model kind, or "starter"')
    .option('--params <json>', 'hyper-parameters as a JSON object, e.g. \'{"factors": 64}\' or \'{"autotune": true}\'')
    .action(async (kind: string, opts: { params?: string }, cmd: Command) => {
      const ctx = createCliContext(Boolean(cmd.optsWithGlobals().json));
      let params: unknown = undefined;
      if (opts.params !== undefined) {
        try {
          params = JSON.parse(opts.params);
        } catch (error) {
          throw new Error(`--params must be JSON: ${(error as Error).message}`);
        }
      }
      await withDatabase(ctx, (db) => withJobServices(ctx, db, async (services, request) => {
        const upper = kind.toUpperCase();
        const jobs =
          upper === 'STARTER'
            ? await trainStarterModels(request, services.models, ctx.config.training.easeMaxItems)
            : [await services.models.train(request, upper as ModelKindName, params)];
        if (jobs.length === 0) ctx.print({ jobs: 0 }, 'nothing to train: every starter model exists (or there are no events)');
        await reportJobs(ctx, services, request, jobs);
      }));
    });
}
