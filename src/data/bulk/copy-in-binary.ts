import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;
const CHUNK_BYTES = 1 << 20;
const FLOAT4_OID = 700;

/**
 * Builds PostgreSQL's binary COPY format row by row: numbers go in as their bytes, so neither node (number → text) nor
 * the server (text → number) formats a million rows of floats. Call `row(n)` and then one writer per field, in the
 * table's column types (binary input is strict: int8 for bigint, int4 for integer, float8 for double precision).
 */
export class BinaryRowWriter {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  // DataView's setters compile to plain stores; Buffer's write* methods check their arguments on every call
  private view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  private at = 0;
  private readonly full: Buffer[] = [];

  constructor() {
    this.ensure(SIGNATURE.length + 8);
    this.at += SIGNATURE.copy(this.buf, this.at);
    this.at = this.buf.writeInt32BE(0, this.buf.writeInt32BE(0, this.at));
  }

  private ensure(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    this.full.push(this.buf.subarray(0, this.at));
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.at = 0;
  }

  row(fields: number): void {
    this.ensure(2);
    this.view.setInt16(this.at, fields);
    this.at += 2;
  }

  null(): void {
    this.ensure(4);
    this.view.setInt32(this.at, -1);
    this.at += 4;
  }

  int8(value: number | null): void {
    if (value === null) return this.null();
    this.ensure(12);
    this.view.setInt32(this.at, 8);
    this.at += 4;
    this.view.setInt32(this.at, Math.floor(value / TWO_32));
    this.at += 4;
    this.view.setUint32(this.at, ((value % TWO_32) + TWO_32) % TWO_32);
    this.at += 4;
  }

  int4(value: number | null): void {
    if (value === null) return this.null();
    this.ensure(8);
    this.view.setInt32(this.at, 4);
    this.at += 4;
    this.view.setInt32(this.at, value);
    this.at += 4;
  }

  /** A double; null and non-finite values are written as NULL. */
  float8(value: number | null | undefined): void {
    if (value === null || value === undefined || !Number.isFinite(value)) return this.null();
    this.ensure(12);
    this.view.setInt32(this.at, 8);
    this.at += 4;
    this.view.setFloat64(this.at, value);
    this.at += 8;
  }

  text(value: string | null): void {
    if (value === null) return this.null();
    const bytes = Buffer.byteLength(value);
    this.ensure(4 + bytes);
    this.view.setInt32(this.at, bytes);
    this.at += 4;
    this.at += this.buf.write(value, this.at);
  }

  /** A real[] (one dimension, no nulls) of `count` values of `values` from `from`. */
  float4Array(values: Float32Array, from: number, count: number): void {
    this.ensure(4 + 20 + 8 * count);
    // length, then the array header: 1 dimension, no nulls, element type, its size and lower bound 1
    for (const word of [20 + 8 * count, 1, 0, FLOAT4_OID, count, 1]) {
      this.view.setInt32(this.at, word);
      this.at += 4;
    }
    for (let i = 0; i < count; i++) {
      this.view.setInt32(this.at, 4);
      this.view.setFloat32(this.at + 4, values[from + i]);
      this.at += 8;
    }
  }

  /** A timestamptz from milliseconds since the epoch. */
  timestamptz(ms: number | null): void {
    this.int8(ms === null ? null : Math.round((ms - PG_EPOCH_MS) * 1000));
  }

  /** The bytes written since the last call (whole chunks), for streaming while rows are still being added. */
  take(): Buffer[] {
    const out = this.full.splice(0);
    if (this.at > 0) {
      out.push(Buffer.from(this.buf.subarray(0, this.at)));
      this.at = 0;
    }
    return out;
  }

  /** The trailer that ends the stream, with whatever is still buffered. */
  finish(): Buffer[] {
    this.ensure(2);
    this.view.setInt16(this.at, -1);
    this.at += 2;
    return this.take();
  }
}

/**
 * COPY ... FROM STDIN (FORMAT binary) of the rows `write` produces: it is called with the writer and yields after
 * every batch of rows it wrote, so the rows stream to the server as they are encoded. `freeze` (for a table created
 * in the same transaction) writes the rows already frozen, sparing the first readers and vacuum a pass over them.
 */
export async function copyBinaryRows(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  write: (writer: BinaryRowWriter) => Iterable<void>,
  options: { freeze?: boolean } = {},
): Promise<void> {
  const writer = new BinaryRowWriter();
  const chunks = function* (): Generator<Buffer> {
    for (const _ of write(writer)) yield* writer.take();
    yield* writer.finish();
  };
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN (FORMAT binary${options.freeze ? ', FREEZE' : ''})`)));
}
