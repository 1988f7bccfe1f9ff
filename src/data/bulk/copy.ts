import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A value COPY can carry; null becomes SQL NULL, objects become JSON. */
export type CopyValue = string | number | boolean | Date | null | undefined | Record<string, unknown> | unknown[];

/** Escapes one value for PostgreSQL's COPY text format (tab separated, \N for null). */
export function encodeCopyValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`COPY cannot carry the number ${value}`);
    text = String(value);
  } else text = String(value);
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function* encodeRows(rows: Iterable<CopyValue[]>, batchRows: number): Generator<string> {
  let chunk = '';
  let n = 0;
  for (const row of rows) {
    chunk += row.map(encodeCopyValue).join('\t') + '\n';
    if (++n === batchRows) {
      yield chunk;
      chunk = '';
      n = 0;
    }
  }
  if (chunk) yield chunk;
}

/**
 * Streams rows into a table with COPY FROM STDIN, the fastest way PostgreSQL accepts data.
 * Runs on the caller's client so it joins the caller's transaction; returns the number of rows sent.
 */
export async function copyRows(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  rows: Iterable<CopyValue[]>,
): Promise<number> {
  let count = 0;
  const counted = (function* () {
    for (const row of rows) {
      count++;
      yield row;
    }
  })();
  const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  await pipeline(Readable.from(encodeRows(counted, 2000)), client.query(copyFrom(sql)));
  return count;
}
