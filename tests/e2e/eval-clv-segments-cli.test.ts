import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RFM_SEGMENTS } from '../../src/domain/segments/rfm';

/** The real CLI (dist/, built by `npm test`'s pretest) in a child process, as a user runs it. */
const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'aisle.js');
const ONLINE_RETAIL = path.join(ROOT, '..', 'shared', 'data', 'online-retail', 'online-retail-all.csv.gz');
const SAMPLE = path.join(ROOT, 'tests', 'fixtures', 'online-retail-sample.csv');

function aisle(args: string[]): { status: number | null; lines: Array<Record<string, any>>; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, '--json', ...args], { encoding: 'utf8', timeout: 120_000, cwd: ROOT });
  const lines = run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  return { status: run.status, lines, stderr: run.stderr };
}

describe('aisle eval clv', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aisle-eval-clv-'));
  const file = path.join(dir, 'transactions.csv');
  // 300 customers: customer i buys on day 0 and then every (i % 7 + 3) days, stopping after i % 5 repeats;
  // one more purchase after the calibration end must be ignored.
  const rows = ['customer_id,date,amount'];
  for (let i = 0; i < 300; i++) {
    const first = Date.UTC(2020, 0, 1 + (i % 60));
    for (let k = 0; k <= i % 5; k++) {
      rows.push(`c${i},${new Date(first + k * (i % 7 + 3) * 86_400_000).toISOString().slice(0, 10)},${10 + (i % 13) + k}`);
    }
  }
  rows.push('c0,2021-06-01T10:00:00Z,1000');
  writeFileSync(file, rows.join('\n') + '\n');

  it('prints the fitted BG/NBD and Gamma-Gamma parameters with the log-likelihoods', () => {
    const { status, lines, stderr } = aisle(['eval', 'clv', '--transactions', file, '--calibration-end', '2020-12-31', '--time-unit', 'week']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(lines).toHaveLength(1);
    const r = lines[0];
    for (const key of ['r', 'alpha', 'a', 'b', 'p', 'q', 'v']) expect(r[key]).toBeGreaterThan(0);
    expect(r.loglik).toBeLessThan(0);
    expect(Number.isFinite(r.gg_loglik)).toBe(true);
    expect(r).toMatchObject({ customers: 300, repeat_customers: 240, gg_customers: 240, time_unit: 'week', transactions: 901 });
    expect(r.seconds).toBeGreaterThan(0);
  });

  it('fails with a message on a bad calibration end or unit', () => {
    const bad = aisle(['eval', 'clv', '--transactions', file, '--calibration-end', '2020-13-01']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/calibration-end/);
    const unit = aisle(['eval', 'clv', '--transactions', file, '--calibration-end', '2020-12-31', '--time-unit', 'month']);
    expect(unit.status).not.toBe(0);
    expect(unit.stderr).toMatch(/time-unit/);
  });
});

describe('aisle eval segments --online-retail', () => {
  it('on the repository sample: RFM of its customers, and the parts that need more data say why', () => {
    const { status, lines, stderr } = aisle(['eval', 'segments', '--online-retail', SAMPLE]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const r = lines[0];
    expect(r.users).toBe(5);
    expect(Object.values(r.rfm_segments as Record<string, number>).reduce((s, n) => s + n, 0)).toBe(5);
    expect(r.propensity_skipped).toMatch(/not enough data for a propensity model/);
    expect(r.auc).toBeUndefined();
  });

  it('on the full UCI file (../shared/data; a fresh clone has none): segments, CLV, clusters, propensity vs baseline', () => {
    if (!existsSync(ONLINE_RETAIL)) {
      console.warn(`eval-clv-segments-cli: ${ONLINE_RETAIL} is absent, so the full-file report is not checked here`);
      return;
    }
    const { status, lines, stderr } = aisle(['eval', 'segments', '--online-retail', ONLINE_RETAIL]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const r = lines[0];
    expect(r.users).toBeGreaterThan(4000);
    expect(r.reference_date).toBe('2011-12-10');
    expect(Object.keys(r.rfm_segments)).toEqual([...RFM_SEGMENTS]);
    expect(Object.values(r.rfm_segments as Record<string, number>).reduce((s, n) => s + n, 0)).toBe(r.users);
    expect(r.rfm_segments.Champions).toBeGreaterThan(0);
    for (const key of ['r', 'alpha', 'a', 'b', 'p', 'q', 'v']) expect(r.clv[key]).toBeGreaterThan(0);
    expect(r.clv_holdout.actual_total).toBeGreaterThan(0);
    expect(r.clv_holdout.ratio).toBeGreaterThan(0.5);
    expect(r.clv_holdout.ratio).toBeLessThan(1.5);
    expect(r.k).toBeGreaterThanOrEqual(2);
    expect(r.silhouette).toBeGreaterThan(0);
    expect(r.auc).toBeGreaterThan(r.baseline_auc);
    expect(r.seconds).toBeLessThan(30);
  });
});
