import { formatSummary, summaryToJson } from '../../src/data/import/import-summary';
import { emptyCounts, type ImportSummary } from '../../src/data/import/import.types';
import { createProgressReporter, renderProgress } from '../../src/data/import/progress.reporter';

describe('import progress bar', () => {
  it('shows the share of bytes read and the row rate', () => {
    const text = renderProgress(50_000, 250, 1000, 2000);
    expect(text).toBe('[######------------------]  25.0%  50,000 rows  25,000 rows/s');
    expect(renderProgress(10, 2000, 1000, 0)).toBe('[########################] 100.0%  10 rows  0 rows/s');
  });

  it('redraws in place at most once per interval unless forced', () => {
    const written: string[] = [];
    let now = 0;
    const stream = { write: (s: string) => written.push(s) } as unknown as NodeJS.WritableStream;
    const bar = createProgressReporter(stream, 100, 100, () => now);
    now = 150;
    bar.update(1, 10);
    now = 200;
    bar.update(2, 20);
    bar.update(3, 100, true);
    bar.done();
    expect(written).toHaveLength(3);
    expect(written[0]).toMatch(/^\r\x1b\[2K\[##/);
    expect(written[2]).toBe('\r\x1b[2K');
  });
});

describe('import summary', () => {
  const summary: ImportSummary = {
    source: 'online-retail',
    input: 'x.csv',
    rowsRead: 10,
    rowsImported: 8,
    skipped: { bad_date: 2 },
    created: { ...emptyCounts(), users: 3, orderLines: 8 },
    updated: emptyCounts(),
    removed: emptyCounts(),
    seconds: 1.25,
    dryRun: false,
  };

  it('prints snake_case JSON with rows_read and seconds', () => {
    expect(summaryToJson(summary)).toMatchObject({
      rows_read: 10,
      rows_imported: 8,
      rows_skipped: 2,
      skipped: { bad_date: 2 },
      created: { users: 3, order_lines: 8 },
      seconds: 1.25,
    });
  });

  it('prints a readable summary', () => {
    const text = formatSummary(summary);
    expect(text).toContain('Imported online-retail from x.csv in 1.3 s');
    expect(text).toContain('rows skipped   2 (bad_date 2)');
    expect(text).toContain('order lines 8');
    expect(text).not.toContain('removed');
  });
});
