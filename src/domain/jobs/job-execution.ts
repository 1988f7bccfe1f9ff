import { isAisleError } from '../common/errors';
import type { RequestContext } from '../common/request-context';
import { execute } from '../common/sql';

/** What a job's work function may do while it runs: report progress (0..1, never backwards) and a short message. */
export interface JobHandle {
  readonly id: string;
  /** The context the job runs in: no transaction, a logger carrying the job id. */
  readonly ctx: RequestContext;
  progress(fraction: number, message?: string): void;
}

/** A job's work: resolves with the JSON result stored on success; a throw fails the job with its message. */
export type JobWork = (job: JobHandle) => Promise<Record<string, unknown>>;

/** What an observer hears when a job ends: its kind, final status and run time (RUNNING to the end). */
export interface JobFinished {
  id: string;
  kind: string;
  status: 'SUCCEEDED' | 'FAILED';
  seconds: number;
}

/** Called when a job ends (metrics); must not throw. */
export type JobObserver = (event: JobFinished) => void;

/** The observers of one queue; a throwing observer is logged, never allowed to fail the job. */
export class JobObservers {
  private readonly observers: JobObserver[] = [];

  add(observer: JobObserver): void {
    this.observers.push(observer);
  }

  tell(ctx: RequestContext, event: JobFinished): void {
    for (const observer of this.observers) {
      try {
        observer(event);
      } catch (error) {
        ctx.logger.warn({ err: error }, 'job observer failed');
      }
    }
  }
}

/** The work of a job kind, given the params stored on its row (what a queue worker in any process runs). */
export type JobHandler = (job: JobHandle, params: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** A job's context: no transaction, a request id and logger naming the job. */
export function jobContext(ctx: RequestContext, id: string, kind: string): RequestContext {
  return { requestId: `job-${id}`, logger: ctx.logger.child({ jobId: id, jobKind: kind }), dataSource: ctx.dataSource, limits: ctx.limits };
}

/**
 * Runs one job: RUNNING, the work with throttled progress writes, then SUCCEEDED with its result or FAILED with a
 * clear message. Returns the failure (if any) so a queue can decide whether to retry.
 */
export async function executeJob(ctx: RequestContext, job: { id: string; kind: string }, work: JobWork,
  progressIntervalMs: number, observers?: JobObservers): Promise<unknown | null> {
  const { id, kind } = job;
  const progress = new ProgressWriter(ctx, id, progressIntervalMs);
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    await execute(ctx, `UPDATE jobs SET status = 'RUNNING', started_at = now(), error = NULL WHERE id = $1`, [id]);
    const result = await work({ id, ctx, progress: (fraction, message) => progress.report(fraction, message) });
    await progress.flushed();
    await execute(
      ctx,
      `UPDATE jobs SET status = 'SUCCEEDED', progress = 1, result = $2::jsonb, finished_at = now(),
         message = coalesce($3, message) WHERE id = $1`,
      [id, JSON.stringify(result), progress.lastMessage],
    );
    observers?.tell(ctx, { id, kind, status: 'SUCCEEDED', seconds: seconds() });
    return null;
  } catch (error) {
    await progress.flushed().catch(() => undefined);
    await failJob(ctx, id, error);
    observers?.tell(ctx, { id, kind, status: 'FAILED', seconds: seconds() });
    return error;
  }
}

/** Stores a clear failure: coded domain errors as `CODE: message`; anything else masked and logged. */
export async function failJob(ctx: RequestContext, id: string, error: unknown): Promise<void> {
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
