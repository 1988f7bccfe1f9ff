import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { importOnlineRetail, scanOnlineRetail } from '../src/data/import/online-retail.importer';
import { emitter, withScratchDataSource } from './support/scratch-database';

/**
 * Online Retail import benchmark. Prints one JSON line per result:
 * - `parse-only`: stream-parse, normalise and aggregate the file with no database (the baseline, same run);
 * - `import-empty`: the full import into a fresh, migrated database;
 * - `import-rerun`: the same file again (idempotent path: everything conflicts, nothing changes).
 * `db_share` = 1 − parse-only / import: how much of the wall time the database accounts for.
 * Uses a scratch database created and dropped on DATABASE_URL's server
 * (default postgres://postgres@127.0.0.1:5432/test).
 */

/** The project root (where package.json is), found upwards so the bench runs from bench/ and from dist/bench/. */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

const DEFAULT_FILE = path.resolve(projectRoot(), '..', 'shared', 'data', 'online-retail', 'online-retail-all.csv.gz');

const emit = emitter('import');

/** Runs the benchmark; resolves after every line is printed. Skips (one line saying why) when the data is absent. */
export async function run(file = process.env.AISLE_BENCH_ONLINE_RETAIL ?? DEFAULT_FILE): Promise<void> {
  if (!existsSync(file)) {
    emit({ skipped: `Online Retail file not found at ${file} (set AISLE_BENCH_ONLINE_RETAIL)` });
    return;
  }
  const baseline = await scanOnlineRetail(file);
  emit({
    case: 'parse-only',
    rows: baseline.rowsRead,
    seconds: baseline.seconds,
    rows_per_s: Math.round(baseline.rowsRead / baseline.seconds),
  });
  await withScratchDataSource(2, async (dataSource) => {
    for (const label of ['import-empty', 'import-rerun']) {
      const phases: Record<string, number> = {};
      const onPhase = (phase: string, seconds: number) => (phases[phase] = seconds);
      const s = await importOnlineRetail(dataSource, file, { onPhase });
      emit({
        case: label,
        rows: s.rowsRead,
        seconds: s.seconds,
        rows_per_s: Math.round(s.rowsRead / s.seconds),
        baseline_parse_seconds: baseline.seconds,
        db_share: Number((1 - baseline.seconds / s.seconds).toFixed(3)),
        phases,
        created: s.created,
        skipped: s.skipped,
      });
    }
  });
}

if (require.main === module) {
  run().catch((error: unknown) => {
    process.stderr.write(`import bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
