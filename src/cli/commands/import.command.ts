import type { Command } from 'commander';
import type { BulkLoadMode } from '../../data/bulk/bulk-load';
import { formatSummary, summaryToJson } from '../../data/import/import-summary';
import type { ImportOptions, ImportSummary } from '../../data/import/import.types';
import { importMovieLens, scanMovieLens } from '../../data/import/movielens.importer';
import { importOnlineRetail, scanOnlineRetail } from '../../data/import/online-retail.importer';
import { createCliContext, withDatabase, type CliContext } from '../cli-context';

interface ImportFlags {
  dryRun?: boolean;
  bulkLoad?: string;
}

const BULK_MODES: readonly BulkLoadMode[] = ['auto', 'always', 'never'];

function importOptions(flags: ImportFlags): ImportOptions {
  const bulkLoad = (flags.bulkLoad ?? 'auto') as BulkLoadMode;
  if (!BULK_MODES.includes(bulkLoad)) throw new Error(`--bulk-load must be one of ${BULK_MODES.join('|')}`);
  return {
    bulkLoad,
    dryRun: Boolean(flags.dryRun),
    // The bar goes to stderr and only on a terminal, so piped or --json output stays clean.
    progress: process.stderr.isTTY ? process.stderr : false,
  };
}

/** Prints the summary: readable lines, or with --json one JSON object as the last line of stdout. */
function report(ctx: CliContext, summary: ImportSummary): void {
  ctx.print(summaryToJson(summary), formatSummary(summary));
}

function withCommonFlags(command: Command): Command {
  return command
    .option('--dry-run', 'read and check the input only; write nothing', false)
    .option('--bulk-load <mode>', 'auto|always|never: suspend foreign keys and indexes for large imports', 'auto');
}

/**
 * `aisle import online-retail <file>` and `aisle import movielens <dir>`: load public data sets into the
 * configured database, all-or-nothing and idempotent (see src/data/import).
 */
export function registerImport(program: Command): void {
  const group = program.command('import').description('load a public data set into the database');

  withCommonFlags(
    group
      .command('online-retail <file>')
      .description('import the UCI Online Retail export (.csv or .csv.gz) as users, products, orders and events'),
  ).action(async (file: string, flags: ImportFlags, cmd: Command) => {
    const ctx = createCliContext(Boolean(cmd.optsWithGlobals().json));
    const options = importOptions(flags);
    const summary = options.dryRun
      ? await scanOnlineRetail(file, options)
      : await withDatabase(ctx, (db) => importOnlineRetail(db.dataSource, file, options));
    report(ctx, summary);
  });

  withCommonFlags(
    group
      .command('movielens <dir>')
      .description('import a MovieLens 100K folder (u.data, u.item, u.user, u.genre) as users, movies and ratings'),
  ).action(async (dir: string, flags: ImportFlags, cmd: Command) => {
    const ctx = createCliContext(Boolean(cmd.optsWithGlobals().json));
    const options = importOptions(flags);
    const summary = options.dryRun
      ? await scanMovieLens(dir, options)
      : await withDatabase(ctx, (db) => importMovieLens(db.dataSource, dir, options));
    report(ctx, summary);
  });
}
