import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AISLE_BIN, ROOT } from '../support/cli-process';

/** Writes series in the M4 layout: header V1..Vw, then id and quoted values padded with empty cells. */
function writeM4(file: string, prefix: string, series: number[][]): void {
  const width = Math.max(...series.map((s) => s.length)) + 1;
  const header = Array.from({ length: width }, (_, i) => `"V${i + 1}"`).join(',');
  const rows = series.map((s, i) => [`"${prefix}${i + 1}"`, ...s.map((v) => `"${v}"`), ...Array(width - 1 - s.length).fill('')].join(','));
  writeFileSync(file, [header, ...rows].join('\n') + '\n');
}

describe('aisle eval forecasts (CLI, M4-format files)', () => {
  it('prints one JSON line per file and model, then series-weighted totals; a planted trend is extrapolated', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aisle-eval-forecasts-'));
    const line = (a: number, b: number, n: number, from = 0) => Array.from({ length: n }, (_, t) => a + b * (t + from));
    const pairs = [
      { name: 'A', h: 4, series: [[10, 2], [50, -1], [5, 0.5]] },
      { name: 'B', h: 3, series: [[100, 3], [20, 1]] },
    ];
    for (const p of pairs) {
      writeM4(path.join(dir, `${p.name}-train.csv`), p.name, p.series.map(([a, b]) => line(a, b, 30 + p.h)));
      writeM4(path.join(dir, `${p.name}-test.csv`), p.name, p.series.map(([a, b]) => line(a, b, p.h, 30 + p.h)));
    }
    const files = (kind: string) => pairs.map((p) => path.join(dir, `${p.name}-${kind}.csv`)).join(',');
    const out = execFileSync(process.execPath, [AISLE_BIN, '--json', 'eval', 'forecasts', '--train', files('train'),
      '--test', files('test'), '--horizon', '4,3', '--models', 'holt,auto'], { cwd: ROOT, encoding: 'utf8' });
    const rows = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => `${r.file}:${r.model}`)).toEqual([
      'A-train.csv:naive2', 'A-train.csv:holt', 'A-train.csv:auto',
      'B-train.csv:naive2', 'B-train.csv:holt', 'B-train.csv:auto',
      'total:naive2', 'total:holt', 'total:auto',
    ]);
    const get = (file: string, model: string) => rows.find((r) => r.file === file && r.model === model);
    expect(get('total', 'naive2')).toMatchObject({ owa: 1, series: 5 });
    for (const key of ['smape', 'mase', 'owa', 'coverage95', 'seconds']) expect(typeof get('total', 'auto')[key]).toBe('number');
    expect(get('total', 'holt').smape).toBeLessThan(0.05); // exact lines: Holt continues them
    expect(get('total', 'holt').smape).toBeLessThan(get('total', 'naive2').smape / 10);
    const pooled = (3 * get('A-train.csv', 'naive2').smape + 2 * get('B-train.csv', 'naive2').smape) / 5;
    expect(get('total', 'naive2').smape).toBeCloseTo(pooled, 3);
  });
});
