import { loadConfig, createLogger } from '../config';
import type { AisleConfig, Logger } from '../config';
import { connectDatabase, type AisleDatabase } from '../data/database/connect';

/** What every command gets: configuration, a logger, and the output mode. */
export interface CliContext {
  config: AisleConfig;
  logger: Logger;
  json: boolean;
  /** Prints a result: one JSON object per line with --json, a readable line otherwise. */
  print(record: Record<string, unknown>, human?: string): void;
}

export function createCliContext(json: boolean): CliContext {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  return {
    config,
    logger,
    json,
    print(record, human) {
      process.stdout.write(json ? JSON.stringify(record) + '\n' : (human ?? JSON.stringify(record, null, 2)) + '\n');
    },
  };
}

/** Opens the configured database for the duration of fn and always closes it (embedded server included). */
export async function withDatabase<T>(ctx: CliContext, fn: (db: AisleDatabase) => Promise<T>): Promise<T> {
  const db = await connectDatabase(ctx.config, (m) => ctx.logger.debug({ pg: m }));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
