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

/** Each type as a small integer: the per-field dispatch below switches on these rather than on strings. */
const TYPE_CODES: Record<BinaryColumnType, number> = { int8: 0, int4: 1, float8: 2, bool: 3, timestamptz: 4, numeric: 5, text: 6 };
const TEXT = TYPE_CODES.text;

/** A non-text field as a number: int8, int4, float8, timestamptz as ms since the epoch, numeric, bool as 0/1. */
function decodeNumber(code: number, buf: Buffer, at: number): number {
  switch (code) {
    case 0:
      return int64(buf, at);
    case 1:
      return int32(buf, at);
    case 2:
      return buf.readDoubleBE(at);
    case 3:
      return buf[at] !== 0 ? 1 : 0;
    case 4:
      return int64(buf, at) / 1000 + PG_EPOCH_MS;
    case 5:
      return numeric(buf, at);
    default:
      throw new Error('text is not a number column');
  }
}

/** Where a decoder puts the fields of each row: field by field, then the end of the row. */
interface RowSink {
  decode(i: number, buf: Buffer, at: number, length: number): void;
  setNull(i: number): void;
  endRow(): void;
}

/**
 * One decoded row, reused for every row of a read: numbers (int8, int4, float8, timestamptz as ms, numeric, bool as
 * 0/1) in a Float64Array, so a multi-million-row read allocates nothing per value, and text apart.
 */
export class CopyRow {
  readonly numbers: Float64Array;
  readonly texts: Array<string | null>;
  readonly nulls: Uint8Array;

  private readonly codes: Uint8Array;

  constructor(private readonly types: readonly BinaryColumnType[]) {
    this.codes = Uint8Array.from(types, (type) => TYPE_CODES[type]);
    this.numbers = new Float64Array(types.length);
    this.texts = new Array<string | null>(types.length).fill(null);
    this.nulls = new Uint8Array(types.length);
  }

  /** The row as plain values (bool as boolean): for small reads and tests. */
  values(): BinaryValue[] {
    return this.types.map((type, i) =>
      this.nulls[i] ? null : type === 'text' ? this.texts[i] : type === 'bool' ? this.numbers[i] !== 0 : this.numbers[i]);
  }

  decode(i: number, buf: Buffer, at: number, length: number): void {
    this.nulls[i] = 0;
    if (this.codes[i] === TEXT) this.texts[i] = buf.toString('utf8', at, at + length);
    else this.numbers[i] = decodeNumber(this.codes[i], buf, at);
  }

  setNull(i: number): void {
    this.nulls[i] = 1;
    this.numbers[i] = Number.NaN;
    this.texts[i] = null;
  }
}

/** Hands the reused row to a callback at the end of each row. */
class CallbackSink implements RowSink {
  readonly row: CopyRow;

  constructor(types: readonly BinaryColumnType[], private readonly onRow: (row: CopyRow) => void) {
    this.row = new CopyRow(types);
  }

  decode(i: number, buf: Buffer, at: number, length: number): void {
    this.row.decode(i, buf, at, length);
  }

  setNull(i: number): void {
    this.row.setNull(i);
  }

  endRow(): void {
    this.onRow(this.row);
  }
}

/**
 * A whole read in columns, decoded straight into them: a Float64Array per number column (NULL as NaN) and an array
 * per text column. Nothing is allocated per row, and a read sized right (`capacity`) never grows.
 */
export class CopyColumns implements RowSink {
  rows = 0;
  private capacity: number;
  private numberColumns: Float64Array[];
  private readonly textColumns: Array<Array<string | null>>;
  private readonly shortTexts = new Map<number, string>();
  private readonly codes: Uint8Array;

  constructor(types: readonly BinaryColumnType[], capacity = 1024) {
    this.codes = Uint8Array.from(types, (type) => TYPE_CODES[type]);
    this.capacity = Math.max(16, Math.ceil(capacity));
    this.numberColumns = types.map((type) => new Float64Array(type === 'text' ? 0 : this.capacity));
    this.textColumns = types.map(() => []);
  }

  /** Column i (a number column) as a view of its rows. */
  numbers(i: number): Float64Array {
    return this.numberColumns[i].subarray(0, this.rows);
  }

  /** Column i (a text column). */
  texts(i: number): Array<string | null> {
    return this.textColumns[i];
  }

  decode(i: number, buf: Buffer, at: number, length: number): void {
    const code = this.codes[i];
    if (code === TEXT) this.textColumns[i][this.rows] = length <= 3 ? this.shortText(buf, at, length) : buf.toString('utf8', at, at + length);
    else this.numberColumns[i][this.rows] = decodeNumber(code, buf, at);
  }

  /** Texts of up to 3 bytes (country codes, flags) share one string per value instead of one per row. */
  private shortText(buf: Buffer, at: number, length: number): string {
    let key = length;
    for (let j = 0; j < length; j++) key = key * 256 + buf[at + j];
    let text = this.shortTexts.get(key);
    if (text === undefined) this.shortTexts.set(key, (text = buf.toString('utf8', at, at + length)));
    return text;
  }

  setNull(i: number): void {
    if (this.codes[i] === TEXT) this.textColumns[i][this.rows] = null;
    else this.numberColumns[i][this.rows] = Number.NaN;
  }

  endRow(): void {
    if (++this.rows < this.capacity) return;
    this.capacity = Math.ceil(this.capacity * 1.5);
    this.numberColumns = this.numberColumns.map((column) => {
      if (column.length === 0) return column;
      const bigger = new Float64Array(this.capacity);
      bigger.set(column);
      return bigger;
    });
  }
}

/**
 * Decodes PostgreSQL's binary COPY stream as chunks arrive, calling `onRow` with one reused row per row.
 * Rows may straddle chunks: the undecoded tail is kept and joined to the next chunk.
 */
export class BinaryCopyDecoder {
  private pending: Buffer | null = null;
  private headerSeen = false;
  private done = false;
  private readonly sink: RowSink;
  rows = 0;

  /** `into`: a callback handed one reused row per row, or columns to fill. */
  constructor(
    private readonly types: readonly BinaryColumnType[],
    into: ((row: CopyRow) => void) | CopyColumns,
  ) {
    this.sink = into instanceof CopyColumns ? into : new CallbackSink(types, into);
  }

  /** Decodes the rows in chunk[start, end); an incomplete last row waits for the next call. */
  push(chunk: Buffer, start = 0, end = chunk.length): void {
    let buf = chunk;
    let pos = start;
    let limit = end;
    if (this.pending) {
      buf = Buffer.concat([this.pending, chunk.subarray(start, end)]);
      [pos, limit] = [0, buf.length];
      this.pending = null;
    }
    if (!this.headerSeen) {
      if (limit - pos < HEADER_LENGTH) {
        this.pending = Buffer.from(buf.subarray(pos, limit));
        return;
      }
      pos += HEADER_LENGTH + buf.readUInt32BE(pos + SIGNATURE_LENGTH + 4);
      this.headerSeen = true;
    }
    while (!this.done) {
      const next = this.decodeRow(buf, pos, limit);
      if (next < 0) break;
      pos = next;
    }
    // a copy: the caller's buffer may be a socket chunk that is reused or held for longer than this row needs
    if (pos < limit && !this.done) this.pending = Buffer.from(buf.subarray(pos, limit));
  }

  /** Decodes the row at `pos` and returns where the next begins, or -1 when the row is not complete yet. */
  private decodeRow(buf: Buffer, pos: number, limit: number): number {
    if (pos + 2 > limit) return -1;
    const fields = (uint16(buf, pos) << 16) >> 16;
    if (fields === -1) {
      this.done = true;
      return limit;
    }
    if (fields !== this.types.length) throw new Error(`COPY row has ${fields} fields, expected ${this.types.length}`);
    let at = pos + 2;
    for (let i = 0; i < fields; i++) {
      if (at + 4 > limit) return -1;
      const length = int32(buf, at);
      at += 4;
      if (length < 0) {
        this.sink.setNull(i);
        continue;
      }
      if (at + length > limit) return -1;
      this.sink.decode(i, buf, at, length);
      at += length;
    }
    this.rows++;
    this.sink.endRow();
    return at;
  }
}

/** The socket pg reads a connection's messages from, with pg's own parser as its one 'data' listener. */
interface PgConnection {
  stream: NodeJS.EventEmitter;
  query(text: string): void;
}

const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const ERROR_RESPONSE = 0x45; // 'E'

/**
 * A query pg's client queues like any other: COPY ... TO STDOUT, whose CopyData messages are read straight off the
 * socket and decoded in place. pg's parser (and pg-copy-streams after it) allocates a message object and a buffer
 * slice per message, and PostgreSQL sends one message per row: over millions of rows that was the larger part of
 * the read. Everything from CopyDone on (CommandComplete, ReadyForQuery), and any ErrorResponse, goes back to pg's
 * parser, which settles the query through the handlers below. Notices during the COPY are dropped.
 */
export class BinaryCopyOutQuery {
  readonly done: Promise<number>;
  private settle!: { resolve: (rows: number) => void; reject: (error: Error) => void };
  private error: Error | null = null;
  private connection: PgConnection | null = null;
  private pgListener: ((chunk: Buffer) => void) | null = null;
  private pending: Buffer | null = null;
  private readonly onData = (chunk: Buffer) => this.read(chunk);

  constructor(private readonly text: string, private readonly decoder: BinaryCopyDecoder) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: PgConnection): void {
    const listeners = connection.stream.listeners('data') as Array<(chunk: Buffer) => void>;
    if (listeners.length !== 1) throw new Error(`expected pg's one data listener on the connection, found ${listeners.length}`);
    [this.connection, this.pgListener] = [connection, listeners[0]];
    connection.stream.removeListener('data', this.pgListener);
    connection.stream.on('data', this.onData);
    connection.query(this.text);
  }

  private read(chunk: Buffer): void {
    if (!this.pending) return this.scan(chunk, 0);
    // a message was cut at the previous chunk's end: complete just that one (joining the whole chunk to it would copy
    // every byte of the read once more), then go on in place
    const pending = this.pending;
    this.pending = null;
    const code = pending[0];
    const head = pending.length >= 5 ? pending : Buffer.concat([pending, chunk.subarray(0, 5 - pending.length)]);
    if (code === COPY_DONE || code === ERROR_RESPONSE || head.length < 5) return this.scan(Buffer.concat([pending, chunk]), 0);
    const rest = 1 + int32(head, 1) - pending.length;
    if (rest > chunk.length) {
      this.pending = Buffer.concat([pending, chunk]); // a message longer than this chunk too
      return;
    }
    this.flush(Buffer.concat([pending, chunk.subarray(0, rest)]), 0, pending.length + rest, code);
    this.scan(chunk, rest);
  }

  /** Decodes every whole CopyData message of buf[pos…), in runs; keeps a message cut at the end for the next chunk. */
  private scan(buf: Buffer, pos: number): void {
    let run = pos; // where the current run of CopyData messages began
    while (pos + 5 <= buf.length) {
      const code = buf[pos];
      if (code === COPY_DONE || code === ERROR_RESPONSE) {
        this.flush(buf, run, pos);
        return this.handBack(buf.subarray(pos));
      }
      const end = pos + 1 + int32(buf, pos + 1);
      if (end > buf.length) break;
      if (code !== COPY_DATA) {
        this.flush(buf, run, pos); // a notice in between: dropped
        run = end;
      }
      pos = end;
    }
    this.flush(buf, run, pos);
    if (pos < buf.length) this.pending = Buffer.from(buf.subarray(pos));
  }

  /** Decodes the whole CopyData messages in buf[from, to) (`code`, when given, says what a single one is). */
  private flush(buf: Buffer, from: number, to: number, code = COPY_DATA): void {
    if (to <= from || this.error || code !== COPY_DATA) return;
    try {
      for (let at = from; at < to; ) {
        const end = at + 1 + int32(buf, at + 1);
        this.decoder.push(buf, at + 5, end);
        at = end;
      }
    } catch (error) {
      this.error = error as Error; // reported once the server has finished the statement
    }
  }

  /** Gives the connection back to pg's parser, starting with `rest` (the messages it has to see). */
  private handBack(rest: Buffer): void {
    const stream = this.connection!.stream;
    stream.removeListener('data', this.onData);
    stream.on('data', this.pgListener!);
    this.pgListener!(rest);
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
  handleCopyData(): void {}
  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail('a COPY TO query cannot take input');
  }
}

/**
 * Runs `COPY (<select>) TO STDOUT (FORMAT binary)` on `client` and hands every row to `onRow` (one CopyRow reused for
 * all rows: copy what you keep). Binary output spares PostgreSQL the text formatting of every value, the larger part
 * of a multi-million-row read. Returns the number of rows.
 */
export async function copyOutRows(
  client: PoolClient,
  select: string,
  types: readonly BinaryColumnType[],
  onRow: (row: CopyRow) => void,
): Promise<number> {
  return runCopyOut(client, select, new BinaryCopyDecoder(types, onRow));
}

/** Queues the COPY on `client` with `decoder` reading its messages; resolves with the rows decoded. */
function runCopyOut(client: PoolClient, select: string, decoder: BinaryCopyDecoder): Promise<number> {
  const query = new BinaryCopyOutQuery(`COPY (${select}) TO STDOUT (FORMAT binary)`, decoder);
  client.query(query as unknown as Parameters<PoolClient['query']>[0]);
  return query.done;
}

/**
 * `copyOutRows` into columns (see CopyColumns): for a read of millions of rows that is kept whole. `capacity` is the
 * number of rows expected.
 */
export async function copyOutColumns(
  client: PoolClient,
  select: string,
  types: readonly BinaryColumnType[],
  capacity?: number,
): Promise<CopyColumns> {
  const columns = new CopyColumns(types, capacity);
  await runCopyOut(client, select, new BinaryCopyDecoder(types, columns));
  return columns;
}
