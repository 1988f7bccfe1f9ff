import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { registerImport } from '../../src/cli/commands/import.command';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { runCli } from '../support/cli-in-process';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** Runs `aisle <args>` with only this command registered; returns its stdout lines. */
const aisle = (args: string[]) => runCli(registerImport, args);

describe('aisle import (CLI)', () => {
  let db: TestDatabase;
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await db.drop();
  });

  it('imports a gzipped Online Retail file and ends --json output with the summary object', async () => {
    const gz = path.join(mkdtempSync(path.join(tmpdir(), 'aisle-cli-')), 'sample.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(path.join(FIXTURES, 'online-retail-sample.csv'))));
    const lines = await aisle(['--json', 'import', 'online-retail', gz]);
    const summary = JSON.parse(lines[lines.length - 1]);
    expect(summary).toMatchObject({
      source: 'online-retail',
      rows_read: 31,
      rows_imported: 20,
      rows_skipped: 11,
      created: { users: 5, products: 9, orders: 11, order_lines: 20, events: 14 },
    });
    expect(typeof summary.seconds).toBe('number');
  });

  it('prints a readable summary by default, and checks without writing in a dry run', async () => {
    const human = await aisle(['import', 'online-retail', path.join(FIXTURES, 'online-retail-sample.csv')]);
    expect(human[0]).toMatch(/^Imported online-retail from .* in \d+\.\d s$/);
    expect(human.join('\n')).toContain('created        users 0, categories 0, products 0, orders 0, order lines 0');
    const sample = path.join(FIXTURES, 'online-retail-sample.csv');
    const dry = await aisle(['--json', 'import', 'online-retail', '--dry-run', sample]);
    expect(JSON.parse(dry[dry.length - 1])).toMatchObject({ dry_run: true, rows_read: 31 });
  });

  it('imports a MovieLens folder', async () => {
    const lines = await aisle(['--json', 'import', 'movielens', path.join(FIXTURES, 'movielens-mini')]);
    const summary = JSON.parse(lines[lines.length - 1]);
    expect(summary).toMatchObject({ source: 'movielens', rows_read: 12, created: { events: 6 } });
  });

  it('refuses an unknown --bulk-load mode', async () => {
    const run = aisle(['import', 'online-retail', '--bulk-load', 'sometimes', 'x.csv']);
    await expect(run).rejects.toThrow(/--bulk-load/);
  });
});
