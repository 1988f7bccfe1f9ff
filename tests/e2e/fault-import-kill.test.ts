import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AISLE_BIN, ROOT } from '../support/cli-process';
import { onlineRetailCsv } from '../support/online-retail-generator';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Issue 6: `kill -9` of `aisle import online-retail` while it writes. The import is one transaction, so the killed
 * run leaves nothing behind, and a rerun ends with exactly the rows of a clean single import into another database.
 */
const TABLES = ['users', 'products', 'orders', 'order_lines', 'events'];

function runImport(url: string, file: string) {
  const child = spawn(process.execPath, [AISLE_BIN, '--json', 'import', 'online-retail', file], {
    cwd: ROOT, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, out: () => out, err: () => err };
}

async function counts(db: TestDatabase): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const t of TABLES) result[t] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n;
  return result;
}

describe('an import killed mid-way', () => {
  let killed: TestDatabase;
  let clean: TestDatabase;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    [killed, clean] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    dir = mkdtempSync(path.join(tmpdir(), 'aisle-fault-import-'));
    file = path.join(dir, 'online-retail.csv');
    writeFileSync(file, onlineRetailCsv(100_000, 7));
  }, 60_000);

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([killed?.drop(), clean?.drop()]);
  }, 60_000);

  it('leaves nothing behind, and a rerun matches a clean single import with no duplicates', async () => {
    const first = runImport(killed.url, file);
    // wait until the import's transaction has written (it holds a transaction id), then kill it mid-way
    const dbName = new URL(killed.url).pathname.slice(1);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [{ n }] = await killed.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL`,
        [dbName]);
      if (n > 0) break;
      if (first.child.exitCode !== null || Date.now() > deadline) throw new Error(`import never started writing:\n${first.err()}`);
      await sleep(20);
    }
    await sleep(300);
    expect(first.child.exitCode).toBeNull(); // still importing: the kill lands mid-way
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(first.out()).not.toContain('"rows_imported"');
    expect(await counts(killed)).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));

    const [rerun, reference] = [runImport(killed.url, file), runImport(clean.url, file)];
    const [a, b] = await Promise.all([rerun.exited, reference.exited]);
    expect({ a, err: a.code === 0 ? '' : rerun.err() }).toEqual({ a: { code: 0, signal: null }, err: '' });
    expect({ b, err: b.code === 0 ? '' : reference.err() }).toEqual({ b: { code: 0, signal: null }, err: '' });
    const summary = JSON.parse(rerun.out().trim().split('\n').pop()!);
    expect(summary.rows_read).toBe(100_000);

    const after = await counts(killed);
    expect(after).toEqual(await counts(clean));
    expect(after.order_lines).toBe(summary.rows_imported);
    // the same money and quantities, not only the same row counts
    const sums = `SELECT (SELECT sum(total)::text FROM orders) AS total, (SELECT sum(quantity)::text FROM order_lines) AS units`;
    expect(await killed.dataSource.query(sums)).toEqual(await clean.dataSource.query(sums));
  }, 120_000);
});
