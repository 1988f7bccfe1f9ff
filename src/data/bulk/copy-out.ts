import type { PoolClient } from 'pg';

/** The column types a binary COPY read decodes (what the segment refresh reads; extend as needed). */
export type BinaryColumnType = 'int8' | 'int4' | 'float8' | 'bool' | 'timestamptz' | 'numeric' | 'text';
export type BinaryValue = number | string | boolean | null;

const SIGNATURE_LENGTH = 11;
const HEADER_LENGTH = SIGNATURE_LENGTH + 4 + 4;
/** PostgreSQL timestamps count microseconds from 2000-01-01 UTC. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;

// byte arithmetic rather than Buffer's read methods: this runs for every value of a multi-million-row read
function int32(buf: Buffer, at: number): number {
  return (buf[at] << 24) | (buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3];
}

function uint16(buf: Buffer, at: number): number {
  return (buf[at] << 8) | buf[at + 1];
}

function int64(buf: Buffer, at: number): number {
  return int32(buf, at) * TWO_32 + (int32(buf, at + 4) >>> 0);
}

/** The base-10000 digits of a numeric as decimal text. */
function digitText(buf: Buffer, at: number, ndigits: number): string {
  let text = '';
  for (let i = 0; i < ndigits; i++) text += String(uint16(buf, at + 2 * i)).padStart(4, '0');
  return text;
}

/** numeric's binary form: digit count, weight, sign, display scale, then base-10000 digits. */
function numeric(buf: Buffer, at: number): number {
  const ndigits = uint16(buf, at);
  const weight = (uint16(buf, at + 2) << 16) >> 16;
  const sign = uint16(buf, at + 4);
  if (sign === 0xc000) return Number.NaN;
  if (sign === 0xd000) return Number.POSITIVE_INFINITY;
  if (sign === 0xf000) return Number.NEGATIVE_INFINITY;
  // the digits as one integer (exact up to 2^53: the 15 significant digits numeric(14,4) holds), then one correctly
  // rounded scaling by a power of ten doubles hold exactly (up to 10^20): the float PostgreSQL's own numeric → float8
  // cast gives
  let digits = 0;
  for (let i = 0; i < ndigits; i++) digits = digits * 10_000 + uint16(buf, at + 8 + 2 * i);
  const exponent = weight - ndigits + 1;
  // beyond that (numeric(16,4) near its limit, unconstrained numeric) JavaScript's own decimal parsing rounds correctly
  if (digits > Number.MAX_SAFE_INTEGER || exponent > 5 || exponent < -5) return Number(`${sign === 0x4000 ? '-' : ''}${digitText(buf, at + 8, ndigits)}e${4 * exponent}`);
  const value = exponent >= 0 ? digits * 10_000 ** exponent : digits / 10_000 ** -exponent;
  return sign === 0x4000 ? -value : value;
}

function decode(type: BinaryColumnType, buf: Buffer, at: number, length: number): BinaryValue {
  switch (type) {
    case 'int8':
      return int64(buf, at);
    case 'int4':
      return int32(buf, at);
    case 'float8':
      return buf.readDoubleBE(at);
    case 'bool':
      return buf[at] !== 0;
    case 'timestamptz':
      return int64(buf, at) / 1000 + PG_EPOCH_MS;
    case 'numeric':
      return numeric(buf, at);
    case 'text':
      return buf.toString('utf8', at, at + length);
  }
}

/**
 * Decodes PostgreSQL's binary COPY stream as chunks arrive, calling `onRow` with one reused array per row.
 * Rows may straddle chunks: the undecoded tail is kept and joined to the next chunk.
 */
export class BinaryCopyDecoder {
  private pending: Buffer | null = null;
  private headerSeen = false;
  private done = false;
  private readonly values: BinaryValue[];
  rows = 0;

  constructor(
    private readonly types: readonly BinaryColumnType[],
    private readonly onRow: (values: BinaryValue[]) => void,
  ) {
    this.values = new Array<BinaryValue>(types.length).fill(null);
  }

  push(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let pos = 0;
    if (!this.headerSeen) {
      if (buf.length < HEADER_LENGTH) {
        this.pending = buf;
        return;
      }
      pos = HEADER_LENGTH + buf.readUInt32BE(SIGNATURE_LENGTH + 4);
      this.headerSeen = true;
    }
    while (!this.done) {
      const next = this.decodeRow(buf, pos);
      if (next < 0) break;
      pos = next;
    }
    if (pos < buf.length && !this.done) this.pending = buf.subarray(pos);
  }

  /** Decodes the row at `pos` and returns where the next begins, or -1 when the row is not complete yet. */
  private decodeRow(buf: Buffer, pos: number): number {
    if (pos + 2 > buf.length) return -1;
    const fields = (uint16(buf, pos) << 16) >> 16;
    if (fields === -1) {
      this.done = true;
      return buf.length;
    }
    if (fields !== this.types.length) throw new Error(`COPY row has ${fields} fields, expected ${this.types.length}`);
    let at = pos + 2;
    for (let i = 0; i < fields; i++) {
      if (at + 4 > buf.length) return -1;
      const length = int32(buf, at);
      at += 4;
      if (length < 0) {
        this.values[i] = null;
        continue;
      }
      if (at + length > buf.length) return -1;
      this.values[i] = decode(this.types[i], buf, at, length);
      at += length;
    }
    this.rows++;
    this.onRow(this.values);
    return at;
  }
}

/**
 * A query pg's client runs like any other (it queues it and hands it the protocol messages): COPY ... TO STDOUT,
 * with each CopyData message decoded where pg delivers it. Streaming through pg-copy-streams instead re-slices and
 * re-joins every message, a large part of a multi-million-row read; this holds no row but the one being decoded.
 */
class BinaryCopyOutQuery {
  readonly done: Promise<number>;
  private settle!: { resolve: (rows: number) => void; reject: (error: Error) => void };
  private error: Error | null = null;

  constructor(private readonly text: string, private readonly decoder: BinaryCopyDecoder) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    if (this.error) return;
    try {
      this.decoder.push(message.chunk);
    } catch (error) {
      this.error = error as Error; // reported once the server has finished the statement
    }
  }

  /** pg drops a query from its queue on ErrorResponse and never hands it the ReadyForQuery that follows: settle now. */
  handleError(error: Error): void {
    this.settle.reject(this.error ?? error);
  }

  handleReadyForQuery(): void {
    if (this.error) this.settle.reject(this.error);
    else this.settle.resolve(this.decoder.rows);
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail('a COPY TO query cannot take input');
  }
}

/**
 * Runs `COPY (<select>) TO STDOUT (FORMAT binary)` on `client` and hands every row to `onRow` (the array is reused:
 * copy what you keep). Binary output spares PostgreSQL the text formatting of every value, the larger part of a
 * multi-million-row read. Returns the number of rows.
 */
export async function copyOutBinary(
  client: PoolClient,
  select: string,
  types: readonly BinaryColumnType[],
  onRow: (values: BinaryValue[]) => void,
): Promise<number> {
  const query = new BinaryCopyOutQuery(`COPY (${select}) TO STDOUT (FORMAT binary)`, new BinaryCopyDecoder(types, onRow));
  client.query(query as unknown as Parameters<PoolClient['query']>[0]);
  return query.done;
}
