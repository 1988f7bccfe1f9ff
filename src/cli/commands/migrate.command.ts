import type { Command } from 'commander';
import { createCliContext, withDatabase } from '../cli-context';

/** `aisle migrate`: brings the configured database up to date (opening it runs pending migrations). */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async (_opts, cmd: Command) => {
      const ctx = createCliContext(Boolean(cmd.optsWithGlobals().json));
      const applied = await withDatabase(ctx, async (db) => {
        const rows: Array<{ name: string }> = await db.dataSource.query(`SELECT name FROM aisle_migrations ORDER BY id`);
        return rows.map((r) => r.name);
      });
      ctx.print({ migrations: applied }, `database is up to date (${applied.length} migrations applied)`);
    });
}
