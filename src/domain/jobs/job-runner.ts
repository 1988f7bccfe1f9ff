import type { RequestContext } from '../common/request-context';
import { execute, query } from '../common/sql';
import { executeJob, jobContext, JobObservers, type JobHandler, type JobObserver, type JobWork } from './job-execution';
import type { JobQueue } from './job-queue';
import { JOB_COLUMNS, jobFromRow, JobRecord, JobRow } from './job.records';

/** Runner settings: how many jobs run at once in this process, and how often progress is written at most. */
export interface JobRunnerOptions {
  concurrency: number;
  progressIntervalMs: number;
}

/** Message stored on jobs a dead process left QUEUED or RUNNING. */
export const INTERRUPTED_MESSAGE = 'interrupted: the process running this job stopped before it finished';

export type { JobFinished, JobHandle, JobObserver, JobWork } from './job-execution';

/**
 * The single-process job queue persisted in `jobs` (AISLE_JOB_QUEUE=memory; tests use it too): enqueue writes a QUEUED row and returns it at once; up to
 * `concurrency` jobs run (RUNNING → SUCCEEDED with a result, or FAILED with a message). Heavy work belongs in the
 * addon's async kernels, so running jobs never block the event loop of the API. Jobs live in this process only:
 * when it dies, its queued and running jobs are lost, and the next runner on the database marks them FAILED
 * ("interrupted") on first use (`recoverInterrupted`). That assumes one process per database; deployments with
 * several processes use PgBossJobQueue.
 */
export class JobRunner implements JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly observers = new JobObservers();
  private readonly queue: Array<() => Promise<void>> = [];
  private running = 0;
  private recovered?: Promise<void>;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly options: JobRunnerOptions) {}

  /**
   * Marks jobs a dead process left QUEUED/RUNNING as FAILED, once per runner (called before the first enqueue or
   * read). Safe because this runner has not started anything yet at that point.
   */
  recoverInterrupted(ctx: RequestContext): Promise<void> {
    this.recovered ??= execute(
      ctx,
      `UPDATE jobs SET status = 'FAILED', error = $1, message = $1, finished_at = now()
       WHERE status IN ('QUEUED', 'RUNNING')`,
      [INTERRUPTED_MESSAGE],
    ).then(
      (r) => {
        if (r.rowCount > 0) ctx.logger.warn({ jobs: r.rowCount }, 'marked interrupted jobs as failed');
      },
      (error: unknown) => {
        this.recovered = undefined;
        throw error;
      },
    );
    return this.recovered;
  }

  observe(observer: JobObserver): void {
    this.observers.add(observer);
  }

  handle(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /**
   * Persists a QUEUED job and schedules `work` (default: the handler registered for `kind`); returns the row as
   * written (the job may already be running).
   */
  async enqueue(ctx: RequestContext, kind: string, params: Record<string, unknown>, work?: JobWork): Promise<JobRecord> {
    const handler = this.handlers.get(kind);
    const run: JobWork | undefined = work ?? (handler && ((job) => handler(job, params)));
    if (!run) throw new Error(`no handler for job kind ${kind}`);
    await this.recoverInterrupted(ctx);
    const [row] = await query<JobRow>(
      ctx,
      `INSERT INTO jobs AS j (kind, status, params) VALUES ($1, 'QUEUED', $2::jsonb) RETURNING ${JOB_COLUMNS}`,
      [kind, JSON.stringify(params)],
    );
    const background = jobContext(ctx, row.id, kind);
    this.queue.push(() => executeJob(background, { id: row.id, kind }, run, this.options.progressIntervalMs, this.observers).then(() => undefined));
    this.pump();
    return jobFromRow(row);
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    await this.idle();
  }

  /** Resolves when no job is queued or running (tests and graceful shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.running++;
      void next().finally(() => {
        this.running--;
        this.pump();
        if (this.running === 0 && this.queue.length === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
      });
    }
  }
}
