import type { PoolClient } from 'pg';
import { copyBinaryRows } from '../../src/data/bulk/copy-in-binary';
import { createTestClient } from '../support/test-database';

/** Rows written in PostgreSQL's binary COPY format read back as exactly the values written. */
interface Planted {
  id: number;
  n: number | null;
  x: number | null;
  label: string | null;
  at: number | null;
  vector: number[] | null;
}

const PLANTED: Planted[] = [
  { id: 1, n: 2147483647, x: -1.5, label: 'grüße 日本 🛒', at: Date.UTC(2024, 1, 29, 12, 34, 56, 789), vector: [0.5, -2, 3.25] },
  { id: -5, n: -2147483648, x: 0.1, label: '', at: Date.UTC(1999, 11, 31, 23, 59, 59, 999), vector: [] },
  { id: 2 ** 40, n: 0, x: 1e300, label: 'tab\there', at: Date.UTC(1950, 5, 15, 8, 0, 0, 1), vector: [1e-3] },
  { id: -(2 ** 40) - 3, n: null, x: null, label: null, at: null, vector: null },
  { id: 9007199254740991, n: 42, x: -123.456, label: 'a', at: Date.UTC(2000, 0, 1), vector: [1, 2, 3, 4] },
];

describe('binary COPY in', () => {
  let client: PoolClient;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ client, close } = await createTestClient());
  });
  afterAll(() => close());

  const COLUMNS = ['id', 'n', 'x', 'label', 'at', 'vector'];
  const CREATE = (table: string) => `CREATE TABLE ${table} (id bigint, n integer, x double precision, label text, at timestamptz, vector real[])`;

  function* plantedRows(w: Parameters<Parameters<typeof copyBinaryRows>[3]>[0]): Generator<void> {
    for (const row of PLANTED) {
      w.row(COLUMNS.length);
      w.int8(row.id);
      w.int4(row.n);
      w.float8(row.x);
      w.text(row.label);
      w.timestamptz(row.at);
      if (row.vector === null) w.null();
      else w.float4Array(Float32Array.from([9, ...row.vector]), 1, row.vector.length);
      yield;
    }
  }

  async function readBack(table: string): Promise<Planted[]> {
    const { rows } = await client.query(
      `SELECT id::text AS id, n, x, label, (extract(epoch FROM at) * 1000)::float8 AS at, vector::float8[] AS vector FROM ${table}`,
    );
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  it('round-trips bigint, integer, double, unicode text, timestamptz, real[] and NULLs', async () => {
    await client.query(CREATE('planted'));
    await copyBinaryRows(client, 'planted', COLUMNS, plantedRows);
    const back = await readBack('planted');
    const byId = new Map(back.map((r) => [r.id, r]));
    expect(back).toHaveLength(PLANTED.length);
    for (const row of PLANTED) expect(byId.get(row.id)).toEqual({ ...row, vector: row.vector && Array.from(Float32Array.from(row.vector)) });
  });

  it('writes non-finite doubles as NULL', async () => {
    await client.query(`CREATE TABLE doubles (x double precision)`);
    await copyBinaryRows(client, 'doubles', ['x'], function* (w) {
      for (const x of [NaN, Infinity, -Infinity, undefined, 2]) {
        w.row(1);
        w.float8(x);
      }
      yield;
    });
    expect((await client.query(`SELECT x FROM doubles`)).rows.map((r) => r.x)).toEqual([null, null, null, null, 2]);
  });

  it('copies with FREEZE into a table created in the same transaction', async () => {
    await client.query('BEGIN');
    try {
      await client.query(CREATE('frozen'));
      await copyBinaryRows(client, 'frozen', COLUMNS, plantedRows, { freeze: true });
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
    expect(await readBack('frozen')).toHaveLength(PLANTED.length);
    // FREEZE really reaches the server: into a table not created in the transaction it is refused
    await client.query('BEGIN');
    await expect(copyBinaryRows(client, 'frozen', COLUMNS, plantedRows, { freeze: true })).rejects.toThrow(/COPY FREEZE/);
    await client.query('ROLLBACK');
    expect(await readBack('frozen')).toHaveLength(PLANTED.length);
  });

  it('writes rows bigger than the 1 MiB chunk, between ordinary rows', async () => {
    await client.query(`CREATE TABLE wide (id bigint, label text, vector real[])`);
    const long = 'ü'.repeat(700_000) + 'end'; // 1.4 MB of UTF-8
    const vector = Float32Array.from({ length: 200_000 }, (_, i) => i / 8);
    await copyBinaryRows(client, 'wide', ['id', 'label', 'vector'], function* (w) {
      for (let id = 1; id <= 5; id++) {
        w.row(3);
        w.int8(id);
        w.text(id === 3 ? long : `row ${id}`);
        if (id === 4) w.float4Array(vector, 0, vector.length);
        else w.null();
        if (id % 2 === 0) yield;
      }
    });
    const { rows } = await client.query(`SELECT id::int AS id, label, length(label) AS chars, cardinality(vector) AS n, vector[200000] AS last FROM wide ORDER BY id`);
    expect(rows.map((r) => [r.id, r.chars, r.n])).toEqual([[1, 5, null], [2, 5, null], [3, 700_003, null], [4, 5, 200_000], [5, 5, null]]);
    expect(rows[2].label).toBe(long);
    expect(rows[3].last).toBe(199_999 / 8);
  });

  it('rejects when a value does not match the column type, and the client stays usable', async () => {
    await client.query(`CREATE TABLE strict (n bigint)`);
    await expect(copyBinaryRows(client, 'strict', ['n'], function* (w) {
      w.row(1);
      w.int4(7); // binary input is strict: 4 bytes for a bigint
      yield;
    })).rejects.toThrow(/insufficient data|incorrect binary data format/);
    expect((await client.query(`SELECT count(*)::int AS n FROM strict`)).rows).toEqual([{ n: 0 }]);
  });
});
