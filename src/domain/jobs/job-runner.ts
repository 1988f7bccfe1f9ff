import { isAisleError } from '../common/errors';
import type { RequestContext } from '../common/request-context';
import { execute, query } from '../common/sql';
import { JOB_COLUMNS, jobFromRow, JobRecord, JobRow } from './job.records';

/** What a job's work function may do while it runs: report progress (0..1, never backwards) and a short message. */
export interface JobHandle {
  readonly id: string;
  /** The context the job runs in: no transaction, a logger carrying the job id. */
  readonly ctx: RequestContext;
  progress(fraction: number, message?: string): void;
}

/** A job's work: resolves with the JSON result stored on success; a throw fails the job with its message. */
export type JobWork = (job: JobHandle) => Promise<Record<string, unknown>>;

/** Runner settings: how many jobs run at once in this process, and how often progress is written at most. */
export interface JobRunnerOptions {
  concurrency: number;
  progressIntervalMs: number;
}

/** What an observer hears when a job ends: its kind, final status and run time (RUNNING to the end). */
export interface JobFinished {
  id: string;
  kind: string;
  status: 'SUCCEEDED' | 'FAILED';
  seconds: number;
}

/** Called when a job ends (metrics); must not throw. */
export type JobObserver = (event: JobFinished) => void;

/** Message stored on jobs a dead process left QUEUED or RUNNING. */
export const INTERRUPTED_MESSAGE = 'interrupted: the process running this job stopped before it finished';

/**
 * A small in-process job queue persisted in `jobs`: enqueue writes a QUEUED row and returns it at once; up to
 * `concurrency` jobs run (RUNNING → SUCCEEDED with a result, or FAILED with a message). Heavy work belongs in the
 * addon's async kernels, so running jobs never block the event loop of the API. Jobs live in this process only:
 * when it dies, its queued and running jobs are lost, and the next runner on the database marks them FAILED
 * ("interrupted") on first use (`recoverInterrupted`). That assumes one serving process per database; a later
 * issue moves jobs to pg-boss for multi-process deployments.
 */
export class JobRunner {
  private readonly queue: Array<() => Promise<void>> = [];
  private running = 0;
  private recovered?: Promise<void>;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly observers: JobObserver[] = [];

  constructor(private readonly options: JobRunnerOptions) {}

  /** Adds an observer told about every job that ends (the composition root feeds metrics from it). */
  observe(observer: JobObserver): void {
    this.observers.push(observer);
  }

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

  /** Persists a QUEUED job and schedules `work`; returns the row as written (the job may already be running). */
  async enqueue(ctx: RequestContext, kind: string, params: Record<string, unknown>, work: JobWork): Promise<JobRecord> {
    await this.recoverInterrupted(ctx);
    const [row] = await query<JobRow>(
      ctx,
      `INSERT INTO jobs AS j (kind, status, params) VALUES ($1, 'QUEUED', $2::jsonb) RETURNING ${JOB_COLUMNS}`,
      [kind, JSON.stringify(params)],
    );
    const background: RequestContext = {
      requestId: `job-${row.id}`,
      logger: ctx.logger.child({ jobId: row.id, jobKind: kind }),
      dataSource: ctx.dataSource,
      limits: ctx.limits,
    };
    this.queue.push(() => this.run(background, row.id, kind, work));
    this.pump();
    return jobFromRow(row);
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

  private async run(ctx: RequestContext, id: string, kind: string, work: JobWork): Promise<void> {
    const progress = new ProgressWriter(ctx, id, this.options.progressIntervalMs);
    const started = performance.now();
    try {
      await execute(ctx, `UPDATE jobs SET status = 'RUNNING', started_at = now() WHERE id = $1`, [id]);
      const result = await work({ id, ctx, progress: (fraction, message) => progress.report(fraction, message) });
      await progress.flushed();
      await execute(
        ctx,
        `UPDATE jobs SET status = 'SUCCEEDED', progress = 1, result = $2::jsonb, finished_at = now(),
           message = coalesce($3, message) WHERE id = $1`,
        [id, JSON.stringify(result), progress.lastMessage],
      );
      this.tell(ctx, { id, kind, status: 'SUCCEEDED', seconds: (performance.now() - started) / 1000 });
    } catch (error) {
      await progress.flushed().catch(() => undefined);
      await this.fail(ctx, id, error);
      this.tell(ctx, { id, kind, status: 'FAILED', seconds: (performance.now() - started) / 1000 });
    }
  }

  private tell(ctx: RequestContext, event: JobFinished): void {
    for (const observer of this.observers) {
      try {
        observer(event);
      } catch (error) {
        ctx.logger.warn({ err: error }, 'job observer failed');
      }
    }
  }

  /** Stores a clear failure: coded domain errors as `CODE: message`; anything else masked and logged. */
  private async fail(ctx: RequestContext, id: string, error: unknown): Promise<void> {
    const text = isAisleError(error)
      ? `${error.code}: ${error.message}`
      : `INTERNAL_SERVER_ERROR: job ${id} failed unexpectedly (logged with request id job-${id})`;
    if (!isAisleError(error)) ctx.logger.error({ err: error }, 'job failed');
    await execute(
      ctx,
      `UPDATE jobs SET status = 'FAILED', error = $2, message = $2, finished_at = now() WHERE id = $1`,
      [id, text],
    ).catch((e: unknown) => ctx.logger.error({ err: e }, 'could not record job failure'));
  }
}

/**
 * Writes a job's progress at most once per interval (the latest value wins), never backwards, one write at a
 * time in order; `flushed()` writes what is pending and waits for it.
 */
class ProgressWriter {
  private value = 0;
  lastMessage: string | null = null;
  private written = -1;
  private lastWrite = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ctx: RequestContext,
    private readonly id: string,
    private readonly intervalMs: number,
  ) {}

  report(fraction: number, message?: string): void {
    if (Number.isFinite(fraction)) this.value = Math.min(1, Math.max(this.value, fraction));
    if (message !== undefined) this.lastMessage = message;
    if (this.timer) return;
    const wait = Math.max(0, this.lastWrite + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.write();
    }, wait);
  }

  flushed(): Promise<unknown> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.write();
    }
    return this.chain;
  }

  private write(): void {
    if (this.value === this.written && this.lastMessage === null) return;
    const [value, message] = [this.value, this.lastMessage];
    this.written = value;
    this.lastWrite = Date.now();
    this.chain = this.chain
      .then(() =>
        execute(
          this.ctx,
          `UPDATE jobs SET progress = GREATEST(progress, $2), message = coalesce($3, message) WHERE id = $1`,
          [this.id, value, message],
        ),
      )
      .catch((error: unknown) => this.ctx.logger.warn({ err: error }, 'could not write job progress'));
  }
}
