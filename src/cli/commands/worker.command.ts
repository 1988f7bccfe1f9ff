import type { Command } from 'commander';
import { connectDatabase } from '../../data/database/connect';
import { startBackend } from '../../main';
import { createCliContext } from '../cli-context';

/**
 * `aisle worker`: works the pg-boss job queue (training, and later refreshes and forecasts) without serving HTTP.
 * Run any number beside the API processes; SIGTERM lets running jobs finish (up to 30 s) and hands the rest back.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('work background jobs from the shared PostgreSQL queue (needs AISLE_JOB_QUEUE=pgboss, the default)')
    .action(async (_opts, cmd: Command) => {
      const ctx = createCliContext(Boolean(cmd.optsWithGlobals().json));
      ctx.logger.level = process.env.LOG_LEVEL ?? ctx.config.logLevel;
      if (ctx.config.jobs.queue !== 'pgboss') throw new Error('aisle worker needs AISLE_JOB_QUEUE=pgboss (a memory queue has nothing to share)');
      const db = await connectDatabase(ctx.config, (m) => ctx.logger.debug({ pg: m }));
      const startup = { requestId: 'worker', logger: ctx.logger, dataSource: db.dataSource, limits: { maxBatch: ctx.config.maxBatch } };
      const backend = await startBackend(ctx.config, db.url, startup, true);
      ctx.print({ worker: 'ready', concurrency: ctx.config.training.jobConcurrency }, 'Aisle worker is waiting for jobs');
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) process.exit(1);
        stopping = true;
        ctx.logger.info({ signal }, 'worker shutting down');
        backend.stop().then(() => db.close()).then(() => process.exit(0), () => process.exit(1));
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
    });
}
