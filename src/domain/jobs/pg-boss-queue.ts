import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { isAisleError } from '../common/errors';
import type { RequestContext } from '../common/request-context';
import { execute, query } from '../common/sql';
import { executeJob, jobContext, JobObservers, type JobHandler, type JobObserver } from './job-execution';
import type { JobQueue } from './job-queue';
import { JOB_COLUMNS, jobFromRow, JobRecord, JobRow } from './job.records';

/** The pg-boss queue every Aisle job goes through (one queue; the job's kind is on its `jobs` row). */
export const QUEUE = 'aisle-jobs';

export interface PgBossQueueOptions {
  /** PostgreSQL the API uses; pg-boss keeps its tables in schema `pgboss` there. */
  connectionString: string;
  /** Work jobs in this process (API replicas may leave it to `aisle worker`s). */
  work: boolean;
  /** Jobs this process runs at once. */
  concurrency: number;
  progressIntervalMs: number;
  /** A job still active after this long is taken back and retried (a worker that died holds it until then). */
  expireInSeconds: number;
  /** Attempts after the first for jobs that failed unexpectedly or whose worker died. */
  retryLimit: number;
  /** A context to run jobs in (logger, data source). */
  ctx: RequestContext;
}

/**
 * Jobs on pg-boss: enqueue writes the `jobs` row clients poll and sends a pg-boss job naming it; every process that
 * works the queue (API processes unless AISLE_RUN_JOBS=0, and `aisle worker`s) fetches with SKIP LOCKED, so each
 * job runs once at a time anywhere. A worker killed mid-job leaves it active until `expireInSeconds`, then pg-boss
 * retries it elsewhere. Domain failures (MODEL_NOT_READY, bad params) are final; unexpected errors are retried.
 */
export class PgBossJobQueue implements JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly observers = new JobObservers();
  private readonly boss: PgBoss;
  private started: Promise<void> | null = null;
  private readonly active = new Set<Promise<unknown>>();

  constructor(private readonly options: PgBossQueueOptions) {
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      schema: 'pgboss',
      max: Math.max(2, options.concurrency + 1),
      application_name: 'aisle-jobs',
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: Math.max(1, Math.min(120, Math.floor(options.expireInSeconds / 2))),
    });
    this.boss.on('error', (error) => options.ctx.logger.error({ err: error }, 'pg-boss error'));
  }

  observe(observer: JobObserver): void {
    this.observers.add(observer);
  }

  handle(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Starts pg-boss (creating its schema on first use) and, when this process works jobs, its workers. */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.boss.start();
      await this.boss.createQueue(QUEUE, {
        name: QUEUE,
        retryLimit: this.options.retryLimit,
        retryDelay: 1,
        expireInSeconds: this.options.expireInSeconds,
      });
      if (!this.options.work) return;
      for (let i = 0; i < this.options.concurrency; i++) {
        await this.boss.work<{ jobId: string }>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
          const run = this.run(job.data.jobId);
          this.active.add(run);
          try {
            await run;
          } finally {
            this.active.delete(run);
          }
        });
      }
    })();
    return this.started;
  }

  async enqueue(ctx: RequestContext, kind: string, params: Record<string, unknown>): Promise<JobRecord> {
    if (!this.handlers.has(kind)) throw new Error(`no handler for job kind ${kind}`);
    await this.start();
    const [row] = await query<JobRow>(
      ctx,
      `INSERT INTO jobs AS j (kind, status, params) VALUES ($1, 'QUEUED', $2::jsonb) RETURNING ${JOB_COLUMNS}`,
      [kind, JSON.stringify(params)],
    );
    try {
      await this.boss.send(QUEUE, { jobId: row.id });
    } catch (error) {
      await execute(ctx, `UPDATE jobs SET status = 'FAILED', error = $2, message = $2, finished_at = now() WHERE id = $1`, [
        row.id, 'INTERNAL_SERVER_ERROR: the job could not be queued',
      ]);
      throw error;
    }
    return jobFromRow(row);
  }

  /** Nothing to do: pg-boss expires and retries jobs whose worker died. */
  async recoverInterrupted(): Promise<void> {}

  /** Runs one job by id; throws (so pg-boss retries) only for unexpected failures. */
  private async run(jobId: string): Promise<void> {
    const base = this.options.ctx;
    const [row] = await query<JobRow>(base, `SELECT ${JOB_COLUMNS} FROM jobs j WHERE j.id = $1::bigint`, [jobId]);
    if (!row || row.status === 'SUCCEEDED') return; // a duplicate delivery of a finished job
    const handler = this.handlers.get(row.kind);
    const ctx = jobContext(base, row.id, row.kind);
    if (!handler) {
      await execute(ctx, `UPDATE jobs SET status = 'FAILED', error = $2, message = $2, finished_at = now() WHERE id = $1`, [
        row.id, `INTERNAL_SERVER_ERROR: no handler for job kind ${row.kind} in this version`,
      ]);
      return;
    }
    const failure = await executeJob(ctx, { id: row.id, kind: row.kind }, (job) => handler(job, row.params),
      this.options.progressIntervalMs, this.observers);
    if (failure !== null && !isAisleError(failure)) throw failure;
  }

  /**
   * Stops fetching, waits up to `graceMs` for this process's running jobs, then closes pg-boss. A job still running
   * after that is left active: pg-boss hands it to another worker once it expires.
   */
  async stop(graceMs = 30_000): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => undefined);
    if (this.options.work) await this.boss.offWork(QUEUE).catch(() => undefined);
    const deadline = sleep(graceMs).then(() => 'timeout' as const);
    if ((await Promise.race([this.idle().then(() => 'idle' as const), deadline])) === 'timeout') {
      this.options.ctx.logger.warn({ jobs: this.active.size }, 'stopping with jobs still running; pg-boss retries them after they expire');
    }
    await this.boss.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => undefined);
  }

  /** Resolves when this process runs no job. */
  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.allSettled([...this.active]);
  }
}
