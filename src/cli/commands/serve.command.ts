import type { Command } from 'commander';
import { startAisle } from '../../main';
import { createCliContext } from '../cli-context';

/** `aisle serve`: what `npm start` runs; Ctrl-C / SIGTERM drain HTTP, then stop the database. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve GraphQL at /graphql (embedded PostgreSQL unless DATABASE_URL is set)')
    .action(async (_opts, cmd: Command) => {
      const ctx = createCliContext(Boolean(cmd.optsWithGlobals().json));
      ctx.logger.level = process.env.LOG_LEVEL ?? ctx.config.logLevel;
      const running = await startAisle(ctx.config, ctx.logger);
      ctx.print({ url: running.url, port: running.port }, `Aisle is serving GraphQL at ${running.url}`);
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) {
          ctx.logger.warn({ signal }, 'second signal: exiting at once');
          process.exit(1);
        }
        stopping = true;
        ctx.logger.info({ signal }, 'shutting down');
        running.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            ctx.logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
    });
}
