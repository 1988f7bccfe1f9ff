import type { PoolClient } from 'pg';

interface Rebuild {
  drop: string;
  create: string;
}

/**
 * Foreign keys declared on the tables, and their indexes that back no primary-key, unique or exclusion constraint:
 * what PostgreSQL's "Populating a Database" advice says to drop before a bulk load and re-create after.
 */
async function secondaryStructures(client: PoolClient, tables: readonly string[]): Promise<{ indexes: Rebuild[]; foreignKeys: Rebuild[] }> {
  const { rows: fks } = await client.query<{ tbl: string; name: string; def: string }>(
    `SELECT conrelid::regclass::text AS tbl, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::regclass[]) ORDER BY oid`,
    [tables],
  );
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
      WHERE i.indrelid = ANY($1::regclass[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                          AND c.contype IN ('p', 'u', 'x'))
      ORDER BY i.indexrelid`,
    [tables],
  );
  return {
    foreignKeys: fks.map((f) => ({
      drop: `ALTER TABLE ${f.tbl} DROP CONSTRAINT ${f.name}`,
      create: `ALTER TABLE ${f.tbl} ADD CONSTRAINT ${f.name} ${f.def}`,
    })),
    indexes: indexes.map((i) => ({ drop: `DROP INDEX ${i.name}`, create: i.def })),
  };
}

/**
 * Runs a bulk load with the tables' foreign keys and secondary indexes dropped, then re-creates them exactly as
 * they were (definitions read from the catalogue, so later migrations are honoured). Re-adding a foreign key
 * checks every row in one join instead of one trigger query per row, and building an index once is cheaper than
 * maintaining it row by row; on two cores this turns a 13 s demo load into a few seconds.
 *
 * Must run inside the caller's transaction: a failure anywhere rolls the drops back too. The tables and the ones
 * their foreign keys reference stay exclusively locked until the transaction ends.
 */
export async function withBulkLoadWindow<T>(client: PoolClient, tables: readonly string[], load: () => Promise<T>): Promise<T> {
  const { indexes, foreignKeys } = await secondaryStructures(client, tables);
  for (const fk of foreignKeys) await client.query(fk.drop);
  for (const index of indexes) await client.query(index.drop);
  const result = await load();
  for (const index of indexes) await client.query(index.create);
  for (const fk of foreignKeys) await client.query(fk.create);
  return result;
}
