import { readCsvRecords } from '../../../data/import/csv.reader';
import { openFileSource } from '../../../data/import/file-source';
import { BadUserInputError } from '../../common/errors';
import { parseDay, type Transaction } from './transactions-summary';

export interface TransactionLog {
  transactions: Transaction[];
  /** Rows that could not be read (wrong field count, bad date or amount, empty customer), by reason. */
  skipped: Record<string, number>;
}

const REQUIRED = ['customer_id', 'date', 'amount'] as const;

/** Column positions by header name (any case; extra columns allowed). */
function resolveColumns(header: readonly string[], file: string): Record<(typeof REQUIRED)[number], number> {
  const names = header.map((h) => h.trim().toLowerCase());
  const at = Object.fromEntries(REQUIRED.map((n) => [n, names.indexOf(n)])) as Record<(typeof REQUIRED)[number], number>;
  const missing = REQUIRED.filter((n) => at[n] < 0);
  if (missing.length > 0) {
    throw new BadUserInputError('transactions', `${file}: the header lacks ${missing.join(', ')} (need customer_id,date,amount)`);
  }
  return at;
}

/** Reads a `customer_id,date,amount` CSV (plain or gzip); unreadable rows are counted, never fatal. */
export async function readTransactionsCsv(file: string): Promise<TransactionLog> {
  const source = await openFileSource(file);
  const transactions: Transaction[] = [];
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => (skipped[reason] = (skipped[reason] ?? 0) + 1);
  let columns: ReturnType<typeof resolveColumns> | null = null;
  let width = 0;
  for await (const batch of readCsvRecords(source.chunks)) {
    for (const record of batch) {
      if (!columns) {
        if (!record.fields) throw new BadUserInputError('transactions', `${file}: unreadable header`);
        columns = resolveColumns(record.fields, file);
        width = record.fields.length;
        continue;
      }
      const f = record.fields;
      if (!f || f.length !== width) { skip('malformed_line'); continue; }
      const customerId = f[columns.customer_id].trim();
      if (customerId === '') { skip('missing_customer'); continue; }
      const day = parseDay(f[columns.date]);
      if (day === null) { skip('bad_date'); continue; }
      const amountText = f[columns.amount].trim();
      const amount = amountText === '' ? NaN : Number(amountText);
      if (!Number.isFinite(amount)) { skip('bad_amount'); continue; }
      transactions.push({ customerId, day, amount });
    }
  }
  if (!columns) throw new BadUserInputError('transactions', `${file}: empty file`);
  return { transactions, skipped };
}
