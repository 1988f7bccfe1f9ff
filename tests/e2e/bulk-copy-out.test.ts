import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { EventEmitter } from 'node:events';
import {
  BinaryCopyDecoder, BinaryCopyOutQuery, copyOutColumns, copyOutRows, type BinaryColumnType, type BinaryValue,
} from '../../src/data/bulk/copy-out';
import { createTestClient } from '../support/test-database';

/**
 * Binary COPY reads decode every value the way PostgreSQL itself would hand it to node: integers exactly, floats bit
 * for bit, numeric as PostgreSQL's own numeric → float8 cast, timestamps to the microsecond.
 */
const PLANTED = `
  SELECT * FROM (VALUES
    (1, 1099511627776::int8, 2147483647::int4, -1.5::float8, true, '2024-02-29 12:34:56.789123+00'::timestamptz, 0::numeric(14,4), 'plain'),
    (2, -5::int8, (-2147483648)::int4, 0.1::float8, false, '1999-12-31 23:59:59.999999+00'::timestamptz, -12.3456::numeric(14,4), 'grüße 日本 🛒'),
    (3, 9007199254740991::int8, 0::int4, -123456.789e-3::float8, true, '1970-01-01 00:00:00.000001+00'::timestamptz, 1234567890.1234::numeric(14,4), ''),
    (4, -9007199254740991::int8, -1::int4, 1e300::float8, false, '1950-06-15 08:00:00.5+00'::timestamptz, 0.0001::numeric(14,4), 'a'),
    (5, 0::int8, 1::int4, -0.0::float8, true, '2038-01-19 03:14:08.123457+00'::timestamptz, 99999999.9999::numeric(14,4), 'x y'),
    (6, 4294967296::int8, 65536::int4, 5e-324::float8, false, '2000-01-01 00:00:00+00'::timestamptz, 'NaN'::numeric, 'ü'),
    (7, -4294967297::int8, -65536::int4, 2.5::float8, true, '2000-01-01 00:00:00.000001+00'::timestamptz, -9999999999.9999::numeric(14,4), 'tab\there'),
    (8, 123456789012::int8, 42::int4, 3.14159::float8, false, '2025-05-20 23:30:00+00'::timestamptz, 123456789012.3456::numeric(16,4), 'z'),
    (9, NULL::int8, NULL::int4, NULL::float8, NULL::bool, NULL::timestamptz, NULL::numeric, NULL::text)
  ) AS v(i, i8, i4, f8, b, ts, n, t)`;
const PLANTED_TYPES: BinaryColumnType[] = ['int4', 'int8', 'int4', 'float8', 'bool', 'timestamptz', 'numeric', 'text'];

describe('binary COPY out', () => {
  let client: PoolClient;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ client, close } = await createTestClient());
  });
  afterAll(() => close());

  async function readAll(select: string, types: BinaryColumnType[]): Promise<{ count: number; rows: BinaryValue[][] }> {
    const rows: BinaryValue[][] = [];
    const count = await copyOutRows(client, select, types, (row) => rows.push(row.values()));
    return { count, rows };
  }

  /** The raw binary COPY stream of `select`, as PostgreSQL sends it. */
  async function rawStream(select: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const stream = client.query(copyTo(`COPY (${select}) TO STDOUT (FORMAT binary)`));
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  it('decodes planted values exactly as PostgreSQL reads them', async () => {
    const { count, rows } = await readAll(`${PLANTED} ORDER BY i`, PLANTED_TYPES);
    const expected = (await client.query(`
      SELECT i, i8::text AS i8, i4, f8, b, (extract(epoch FROM ts) * 1000000)::bigint::text AS us, n::float8 AS n, t
      FROM (${PLANTED}) p ORDER BY i`)).rows;
    expect(count).toBe(9);
    expect(rows).toHaveLength(9);
    rows.forEach((row, k) => {
      const e = expected[k];
      expect(row[0]).toBe(e.i);
      expect(row[1]).toBe(e.i8 === null ? null : Number(e.i8));
      expect(row[2]).toBe(e.i4);
      expect(Object.is(row[3], e.f8)).toBe(true);
      expect(row[4]).toBe(e.b);
      if (e.us === null) expect(row[5]).toBeNull();
      else {
        // milliseconds since the epoch, carrying the microseconds as the fraction
        expect(Math.round((row[5] as number) * 1000)).toBe(Number(e.us));
        expect(Math.abs((row[5] as number) - Number(e.us) / 1000)).toBeLessThan(1e-3);
      }
      expect(Object.is(row[6], e.n)).toBe(true);
      expect(row[7]).toBe(e.t);
    });
    // spot checks in plain numbers, independent of pg's parsing
    expect(rows[0].slice(1, 5)).toEqual([2 ** 40, 2147483647, -1.5, true]);
    expect(rows[1].slice(1, 3)).toEqual([-5, -2147483648]);
    expect(rows[0][5]).toBeCloseTo(Date.UTC(2024, 1, 29, 12, 34, 56, 789) + 0.123, 6);
    expect(rows[1][5]).toBeCloseTo(Date.UTC(1999, 11, 31, 23, 59, 59, 999) + 0.999, 6);
    expect(rows[3][5]).toBe(Date.UTC(1950, 5, 15, 8, 0, 0, 500));
    expect(rows.map((r) => r[6])).toEqual([0, -12.3456, 1234567890.1234, 0.0001, 99999999.9999, NaN, -9999999999.9999, 123456789012.3456, null]);
    expect(rows[1][7]).toBe('grüße 日本 🛒');
    expect(rows[8]).toEqual([9, null, null, null, null, null, null, null]);
  });

  it('decodes numeric as PostgreSQL casts it to float8, bit for bit, on random numeric(14,4) and numeric(16,4) values', async () => {
    await client.query(`SELECT setseed(0.42)`);
    await client.query(`DROP TABLE IF EXISTS random_numbers`);
    await client.query(`
      CREATE TABLE random_numbers AS
      SELECT i, round(((random() * 2 - 1) * 10 ^ (random() * 9.9))::numeric, (i % 5))::numeric(14,4) AS a,
             round(((random() * 2 - 1) * 10 ^ (random() * 11.9))::numeric, 4)::numeric(16,4) AS b
      FROM generate_series(1, 4000) i`);
    const { rows } = await readAll(`SELECT i, a, b FROM random_numbers ORDER BY i`, ['int4', 'numeric', 'numeric']);
    const cast = (await client.query(`SELECT i, a::float8 AS a, b::float8 AS b, a::text AS at, b::text AS bt FROM random_numbers ORDER BY i`)).rows;
    expect(rows).toHaveLength(4000);
    const mismatches = rows.flatMap((row, k) => [
      ...(Object.is(row[1], cast[k].a) ? [] : [`${cast[k].at}: ${row[1]} vs ${cast[k].a}`]),
      ...(Object.is(row[2], cast[k].b) ? [] : [`${cast[k].bt}: ${row[2]} vs ${cast[k].b}`]),
    ]);
    expect(mismatches).toEqual([]);
  });

  it('decodes numeric values beyond 2^53 units, at extreme scales, and infinities as the cast does', async () => {
    const select = `SELECT * FROM (VALUES (1, 999999999999.9999::numeric(16,4)), (2, -999999999999.9999::numeric(16,4)),
      (3, 9007199254740993::numeric), (4, 'Infinity'::numeric), (5, '-Infinity'::numeric), (6, 123456789.123456789::numeric),
      (7, 1e-30::numeric), (8, -123e30::numeric), (9, 0.1234567890123456789012345::numeric), (10, 1::numeric / 3),
      (11, 9.999999999999999999e22::numeric), (12, 5e-324::numeric)) v(i, n)`;
    const { rows } = await readAll(`${select} ORDER BY i`, ['int4', 'numeric']);
    const cast = (await client.query(`SELECT n::float8 AS n FROM (${select}) s ORDER BY i`)).rows.map((r) => r.n);
    expect(rows.map((r) => r[1])).toEqual(cast);
    expect(cast[3]).toBe(Infinity);
  });

  it('gives the same rows however the stream is cut into chunks', async () => {
    const select = `${PLANTED} ORDER BY i`;
    const stream = await rawStream(select);
    const { rows: expected } = await readAll(select, PLANTED_TYPES);
    const decodeChunks = (cuts: number[]): BinaryValue[][] => {
      const rows: BinaryValue[][] = [];
      const decoder = new BinaryCopyDecoder(PLANTED_TYPES, (row) => rows.push(row.values()));
      let from = 0;
      for (const to of [...cuts, stream.length]) {
        decoder.push(stream.subarray(from, to));
        from = to;
      }
      expect(decoder.rows).toBe(rows.length);
      return rows;
    };
    // every fixed chunk size, from byte by byte to the whole stream
    for (let size = 1; size <= stream.length; size++) {
      const cuts = [];
      for (let at = size; at < stream.length; at += size) cuts.push(at);
      expect(decodeChunks(cuts)).toEqual(expected);
    }
    // every single cut point, and a spread of cut pairs (empty chunks included)
    for (let a = 0; a <= stream.length; a++) expect(decodeChunks([a])).toEqual(expected);
    for (let a = 0; a <= stream.length; a += 5) {
      for (let b = a; b <= stream.length; b += 23) expect(decodeChunks([a, b])).toEqual(expected);
    }
    // random chunk sizes (a fixed generator, so a failure reproduces)
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 300; trial++) {
      const cuts = [];
      for (let at = 1 + Math.floor(random() * 40); at < stream.length; at += 1 + Math.floor(random() * 40)) cuts.push(at);
      expect(decodeChunks(cuts)).toEqual(expected);
    }
  });

  it('reads into columns what it reads row by row (NULL numbers as NaN), growing past a small capacity, short texts through their cache', async () => {
    const select = `SELECT * FROM (${PLANTED}) p, generate_series(1, 7) g ORDER BY g, i`;
    const { rows } = await readAll(select, [...PLANTED_TYPES, 'int4']);
    const columns = await copyOutColumns(client, select, [...PLANTED_TYPES, 'int4'], 4);
    expect(columns.rows).toBe(rows.length);
    PLANTED_TYPES.forEach((type, i) => {
      const got = type === 'text' ? columns.texts(i) : Array.from(columns.numbers(i));
      const want = rows.map((row) => (type === 'text' ? row[i] : row[i] === null ? Number.NaN : Number(row[i])));
      expect(got).toEqual(want);
    });
    const texts = columns.texts(PLANTED_TYPES.indexOf('text'));
    expect(texts[0]).toBe('plain');
    expect(texts.filter((t) => t === 'ü')).toHaveLength(7);
  });

  it('reads the protocol messages however the socket cuts them: rows decoded, a notice dropped, the rest handed back to pg', async () => {
    const select = `${PLANTED} ORDER BY i`;
    const stream = await rawStream(select);
    const { rows: expected } = await readAll(select, PLANTED_TYPES);
    const message = (code: string, payload: Buffer): Buffer => {
      const head = Buffer.alloc(5);
      head.write(code, 0, 'latin1');
      head.writeInt32BE(4 + payload.length, 1);
      return Buffer.concat([head, payload]);
    };
    // CopyData messages of uneven sizes (a row may span two), a NoticeResponse among them, then what ends the COPY
    const data = [stream.subarray(0, 40), stream.subarray(40, 41), stream.subarray(41, 200), stream.subarray(200)];
    const copy = Buffer.concat([
      message('d', data[0]), message('d', data[1]), message('N', Buffer.from('SNOTICE\0Mhello\0\0')), message('d', data[2]), message('d', data[3]),
    ]);
    const tail = Buffer.concat([message('c', Buffer.alloc(0)), message('C', Buffer.from('COPY 9\0')), message('Z', Buffer.from('I'))]);
    const protocol = Buffer.concat([copy, tail]);
    const readCut = async (cuts: number[]): Promise<{ rows: BinaryValue[][]; handedBack: Buffer }> => {
      const rows: BinaryValue[][] = [];
      const handed: Buffer[] = [];
      const stream = new EventEmitter();
      stream.on('data', (chunk: Buffer) => handed.push(Buffer.from(chunk)));
      const query = new BinaryCopyOutQuery('COPY', new BinaryCopyDecoder(PLANTED_TYPES, (row) => rows.push(row.values())));
      query.submit({ stream, query: () => undefined });
      let from = 0;
      for (const to of [...cuts, protocol.length]) {
        stream.emit('data', protocol.subarray(from, to));
        from = to;
      }
      query.handleReadyForQuery();
      expect(await query.done).toBe(rows.length);
      return { rows, handedBack: Buffer.concat(handed) };
    };
    for (let a = 0; a <= protocol.length; a++) {
      for (const b of [a, a + 1, a + 3, a + 7, a + 64]) {
        const { rows, handedBack } = await readCut(b <= protocol.length ? [a, b] : [a]);
        expect(rows).toEqual(expected);
        expect(handedBack.equals(tail)).toBe(true);
      }
    }
  });

  it('rejects with PostgreSQL error raised in a late row and leaves the client usable', async () => {
    const seen: number[] = [];
    const failing = copyOutRows(client, `SELECT i, 1 / (i - 90000) FROM generate_series(1, 100000) i`, ['int4', 'int4'], (row) => seen.push(row.numbers[0]));
    await expect(failing).rejects.toMatchObject({ message: 'division by zero', code: '22012' });
    expect(seen.length).toBeLessThan(90000);
    expect((await client.query(`SELECT 41 + 1 AS n`)).rows).toEqual([{ n: 42 }]);
    const { count } = await readAll(`SELECT 1::int4`, ['int4']);
    expect(count).toBe(1);
  });

  it('rejects when the rows do not have the expected columns, and the client stays usable', async () => {
    await expect(copyOutRows(client, `SELECT 1::int4, 2::int4`, ['int4'], () => undefined)).rejects.toThrow('COPY row has 2 fields, expected 1');
    expect((await client.query(`SELECT 'still here' AS s`)).rows).toEqual([{ s: 'still here' }]);
  });

  it('reads zero rows', async () => {
    const seen: BinaryValue[][] = [];
    const count = await copyOutRows(client, `SELECT 1::int8, 'x'::text WHERE false`, ['int8', 'text'], (row) => seen.push(row.values()));
    expect(count).toBe(0);
    expect(seen).toEqual([]);
    const stream = await rawStream(`SELECT 1::int8 WHERE false`);
    const decoder = new BinaryCopyDecoder(['int8'], () => seen.push([]));
    for (let i = 0; i < stream.length; i++) decoder.push(stream.subarray(i, i + 1));
    expect(decoder.rows).toBe(0);
    expect(seen).toEqual([]);
  });
});
