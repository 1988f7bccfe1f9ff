import type { JobSettings, TrainingSettings } from '../../config/config';
import type { RequestContext } from '../common/request-context';
import type { JobQueue } from './job-queue';
import { JobRunner } from './job-runner';
import { PgBossJobQueue } from './pg-boss-queue';

/** The configured queue: pg-boss on `databaseUrl` (started, with workers when `work`), or the in-process runner. */
export async function createJobQueue(
  settings: JobSettings,
  training: TrainingSettings,
  databaseUrl: string,
  ctx: RequestContext,
  work = settings.runJobs,
): Promise<JobQueue> {
  if (settings.queue === 'memory') {
    return new JobRunner({ concurrency: training.jobConcurrency, progressIntervalMs: training.progressIntervalMs });
  }
  const queue = new PgBossJobQueue({
    connectionString: databaseUrl,
    work,
    concurrency: training.jobConcurrency,
    progressIntervalMs: training.progressIntervalMs,
    expireInSeconds: settings.expireInSeconds,
    retryLimit: settings.retryLimit,
    ctx,
  });
  return queue;
}
