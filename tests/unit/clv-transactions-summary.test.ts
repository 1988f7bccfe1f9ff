import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  formatDay, parseDay, purchaseDaysBetween, readTransactionsCsv, summariseTransactions, type Transaction,
} from '../../src/domain/marketing/clv';

const day = (s: string) => parseDay(s)!;

describe('parseDay', () => {
  it('reads YYYY-MM-DD, YYYYMMDD and ISO date-times as the same calendar day', () => {
    const d = day('1997-01-01');
    expect(formatDay(d)).toBe('1997-01-01');
    expect(parseDay('19970101')).toBe(d);
    expect(parseDay('1997-01-01T23:59:00Z')).toBe(d);
    expect(parseDay('1997-01-01 08:00:00')).toBe(d);
  });
  it('rejects what is not a real date', () => {
    for (const bad of ['', '1997-02-30', '19971301', '1997/01/01', 'yesterday', '1997-1-1']) expect(parseDay(bad)).toBeNull();
  });
});

describe('summariseTransactions (the practitioners’ calibration summary)', () => {
  const t = (customerId: string, date: string, amount: number): Transaction => ({ customerId, day: day(date), amount });
  const log = [
    t('a', '1997-01-01', 10),
    t('a', '1997-01-01', 5), // same day: one purchase of 15
    t('a', '1997-01-15', 20),
    t('a', '1997-01-29', 40),
    t('a', '1997-10-05', 99), // after the calibration end
    t('b', '1997-03-01', 7),
    t('c', '1997-10-01', 3), // first purchase after the end: absent
  ];
  const end = day('1997-09-30');

  it('counts repeat purchase days and measures recency and T in fractional weeks', () => {
    const [a, b] = summariseTransactions(log, end, 'week');
    expect(a).toEqual({ customerId: 'a', frequency: 2, recency: 4, T: 272 / 7, monetaryValue: 30 });
    expect(b).toEqual({ customerId: 'b', frequency: 0, recency: 0, T: 213 / 7, monetaryValue: 0 });
    expect(summariseTransactions(log, end, 'week')).toHaveLength(2);
  });
  it('uses days as the unit on request', () => {
    expect(summariseTransactions(log, end, 'day')[0]).toMatchObject({ recency: 28, T: 272 });
  });
  it('counts holdout purchase days per customer', () => {
    expect(purchaseDaysBetween(log, end, day('1997-12-31'))).toEqual(new Map([['a', 1], ['c', 1]]));
  });
});

describe('readTransactionsCsv', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aisle-clv-'));
  it('reads plain and gzip files by header name and counts unreadable rows', async () => {
    const text = 'amount,customer_id,date,extra\n10.5,1,19970101,x\n3,2,1997-13-01,x\nabc,3,19970102,x\n4,,19970102,x\n1,2\n';
    const plain = path.join(dir, 't.csv');
    writeFileSync(plain, text);
    const gz = path.join(dir, 't.csv.gz');
    writeFileSync(gz, gzipSync(text));
    for (const file of [plain, gz]) {
      const result = await readTransactionsCsv(file);
      expect(result.transactions).toEqual([{ customerId: '1', day: day('1997-01-01'), amount: 10.5 }]);
      expect(result.skipped).toEqual({ bad_date: 1, bad_amount: 1, missing_customer: 1, malformed_line: 1 });
    }
  });
  it('rejects a file without the needed columns', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, 'customer,when,amount\n1,19970101,3\n');
    await expect(readTransactionsCsv(file)).rejects.toThrow(/lacks customer_id, date/);
  });
});
