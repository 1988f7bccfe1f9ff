import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CsvSplitter, type CsvRecord } from '../../src/data/import/csv.reader';
import { OnlineRetailAggregator } from '../../src/data/import/online-retail.aggregator';
import { prng } from '../support/graphql-fuzz';
import {
  createOnlineRetailNormaliser, resolveOnlineRetailColumns, type OnlineRetailSkipReason,
} from '../../src/data/import/online-retail.normaliser';

/**
 * Issue 6: 10,000 fuzzed Online Retail rows (the fixture's rows with fields replaced, cut, duplicated, quoted and
 * stuffed with hostile text) through the real CSV splitter, normaliser and aggregator, fed in chunks of random
 * sizes. Every record must come out as a typed row or a named skip reason; nothing may throw, and no accepted row
 * may carry NaN, an out-of-range quantity or an invalid time.
 */
const FIXTURE = readFileSync(path.join(__dirname, '..', 'fixtures', 'online-retail-sample.csv'), 'utf8');
const REASONS: OnlineRetailSkipReason[] = [
  'malformed_line', 'missing_invoice', 'missing_stock_code', 'bad_quantity', 'bad_price', 'bad_date', 'bad_customer_id',
];
const HOSTILE = [
  '', ' ', '"', '""', '"unterminated', 'a"b', '\u0000', '\uFEFF', '\ud800', '😀'.repeat(50), 'x'.repeat(70_000),
  'NaN', 'Infinity', '-Infinity', '1e309', '-0', '0', '0.0', '00', '+5', '-2147483649', '2147483648', '9'.repeat(30),
  '1,5', '1.5', '.5', '5.', '0x10', '1e3', ' 12 ', "'; DROP TABLE orders; --", '\\N', 'NULL', 'null',
  '2011-13-40 25:61:00', '2011-02-29 10:00:00', '2011-03-27 01:30:00', '31/12/2011 10:00', '0000-00-00 00:00:00',
  '99999-01-01 00:00:00', '2011-01-10T10:00:00Z', '17850.0', '17850.5', '-17850', 'C', 'c900001', 'POST', 'post',
  '\r', '\n', '\r\n', '\t', '<script>alert(1)</script>', '%s%n%x', '١٢٣', 'ⅫⅫ',
];


function fuzzedFile(rows: number, seed: number): string {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const [header, ...lines] = FIXTURE.trim().split('\n');
  const quote = (f: string) => `"${f.replace(/"/g, '""')}"`;
  const out = [header];
  for (let r = 0; r < rows; r++) {
    const fields = pick(lines).split(',');
    const edits = 1 + Math.floor(rand() * 3);
    for (let e = 0; e < edits; e++) {
      const i = Math.floor(rand() * fields.length);
      const roll = rand();
      if (roll < 0.5) fields[i] = pick(HOSTILE);
      else if (roll < 0.65) fields[i] = quote(pick(HOSTILE));
      else if (roll < 0.75) fields.splice(i, 1);
      else if (roll < 0.85) fields.splice(i, 0, pick(HOSTILE));
      else fields[i] = (fields[i] ?? '').slice(0, Math.floor(rand() * (fields[i] ?? '').length));
    }
    out.push(fields.join(','));
  }
  return `${out.join(rand() < 0.5 ? '\n' : '\r\n')}\n`;
}

describe('fuzzed Online Retail rows', () => {
  it.each([1, 2])('end as typed rows or named skips, never a throw (seed %i)', (seed) => {
    const text = fuzzedFile(5_000, seed);
    const rand = prng(seed * 7919);
    const splitter = new CsvSplitter();
    const records: CsvRecord[] = [];
    for (let at = 0; at < text.length;) {
      const size = 1 + Math.floor(rand() * 4_000);
      records.push(...splitter.push(text.slice(at, at + size)));
      at += size;
    }
    records.push(...splitter.end());
    const [head, ...body] = records;
    const normalise = createOnlineRetailNormaliser(resolveOnlineRetailColumns(head.fields!));
    const aggregator = new OnlineRetailAggregator();
    const reasons = new Map<string, number>();
    let accepted = 0;
    for (const record of body) {
      const result = normalise(record.fields);
      if (!result.ok) {
        reasons.set(result.reason, (reasons.get(result.reason) ?? 0) + 1);
        continue;
      }
      const { row } = result;
      expect(Number.isSafeInteger(row.quantity) && row.quantity !== 0 && Math.abs(row.quantity) < 2 ** 31).toBe(true);
      expect(Number.isSafeInteger(row.priceUnits)).toBe(true);
      expect(Number.isFinite(row.occurredAtMs)).toBe(true);
      expect(new Date(row.occurredAtMs).toISOString()).toBe(row.occurredAtIso);
      expect(row.invoice).not.toBe('');
      expect(row.stockCode).not.toBe('');
      aggregator.add(row);
      accepted++;
    }
    expect([...reasons.keys()].filter((r) => !REASONS.includes(r as OnlineRetailSkipReason))).toEqual([]);
    // the fuzz reaches both sides: many rows survive, and several distinct skip reasons fire
    expect(accepted).toBeGreaterThan(500);
    expect(reasons.size).toBeGreaterThanOrEqual(5);
    expect(accepted + [...reasons.values()].reduce((a, b) => a + b, 0)).toBe(body.length);
  });
});
