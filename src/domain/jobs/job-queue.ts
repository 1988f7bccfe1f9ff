import type { RequestContext } from '../common/request-context';
import type { JobHandler, JobObserver } from './job-execution';
import type { JobRecord } from './job.records';

/**
 * Where jobs go: a `jobs` row (what clients poll) plus something that runs it. JobRunner runs jobs in this process;
 * PgBossJobQueue hands them to whichever process works the queue (API processes and `aisle worker`s), with retries.
 */
export interface JobQueue {
  /** Connects and starts working jobs when this process does (no-op in-process). */
  start(): Promise<void>;
  /** Registers the work of a job kind; every process that may run jobs registers the same handlers. */
  handle(kind: string, handler: JobHandler): void;
  /** Writes a QUEUED job and hands it over; returns the row at once. */
  enqueue(ctx: RequestContext, kind: string, params: Record<string, unknown>): Promise<JobRecord>;
  /** Adds an observer told about every job this process finishes (the composition root feeds metrics). */
  observe(observer: JobObserver): void;
  /** Tidies jobs a dead process left behind (the in-process queue fails them; pg-boss retries them itself). */
  recoverInterrupted(ctx: RequestContext): Promise<void>;
  /** Stops taking jobs and waits for this process's running ones (graceful shutdown). */
  stop(): Promise<void>;
}
