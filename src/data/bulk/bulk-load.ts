import type { PoolClient } from 'pg';

/**
 * Bulk-load mode: for a large load, the foreign keys and plain secondary indexes of the target tables are dropped
 * inside the loader's transaction and re-created before COMMIT (foreign keys re-validated by one set-based join
 * each, indexes built by one sort each) — what PostgreSQL's "Populating a Database" advice and pg_restore do.
 * Measured on the 2-core machine with Online Retail (542k lines, 405k events): per-row foreign-key triggers cost
 * ~7 µs per check (two per line and per event, ~14 s in all) and random-order index updates several more
 * seconds; bulk mode cut writing lines and events from ~28 s to ~10 s plus ~1.5 s to rebuild and re-validate.
 * The demo shop's COPY load uses the same window (on two cores a 13 s load becomes a few seconds).
 *
 * Definitions are read from the catalogue (`pg_get_constraintdef`, `pg_get_indexdef`), so whatever the migrations
 * define comes back exactly, under the same names; an error or crash rolls the DROPs back with everything else.
 * The price is locking: the DROPs take ACCESS EXCLUSIVE locks on the target tables and the tables they reference
 * until COMMIT, so readers of those tables wait for the load. That is why the importers' 'auto' uses it only for
 * imports larger than what the tables already hold (an initial load), and why it can be switched off. When the
 * locks cannot be had within a few seconds, the load runs with keys and indexes in place instead.
 *
 * Used by the importers (src/data/import) and the demo loader (src/domain/demo) through withBulkLoadWindow.
 */

/** 'auto': bulk when the import is large and outweighs the rows already there; 'always' / 'never' force it. */
export type BulkLoadMode = 'auto' | 'always' | 'never';

/** Imports smaller than this many fact rows never use bulk mode under 'auto'. */
export const BULK_MIN_ROWS = 50_000;

/** How long to wait for the locks before giving up on bulk mode and writing row by row. */
const LOCK_TIMEOUT_MS = 5000;

/** Decides whether to bulk-load `incomingRows` into `tables`: counts existing rows only up to incomingRows. */
export async function shouldBulkLoad(
  client: PoolClient,
  mode: BulkLoadMode,
  tables: readonly string[],
  incomingRows: number,
): Promise<boolean> {
  if (mode !== 'auto') return mode === 'always';
  if (incomingRows < BULK_MIN_ROWS) return false;
  for (const table of tables) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${table} LIMIT $1) existing`,
      [incomingRows],
    );
    if (rows[0].n >= incomingRows) return false;
  }
  return true;
}

/** How the keys and indexes are suspended. */
export interface SuspendOptions {
  /** How long to wait for the locks before giving up on bulk mode (default 5000 ms). */
  lockTimeoutMs?: number;
  /**
   * Also drop unique indexes that back no constraint (default false). Only for loads without ON CONFLICT, which
   * needs them as arbiters — e.g. COPY into empty tables; re-creating them then checks uniqueness in one sort.
   */
  dropUniqueIndexes?: boolean;
}

interface Suspended {
  /** Statements that undo the suspension, in order. */
  restore: string[];
}

async function dropForeignKeys(client: PoolClient, tables: readonly string[], into: Suspended): Promise<void> {
  const { rows } = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT conrelid::regclass::text AS table, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint
     WHERE contype = 'f' AND conrelid = ANY ($1::regclass[])
     ORDER BY 1, 2`,
    [tables],
  );
  for (const key of rows) {
    await client.query(`ALTER TABLE ${key.table} DROP CONSTRAINT ${key.name}`);
    into.restore.push(`ALTER TABLE ${key.table} ADD CONSTRAINT ${key.name} ${key.definition}`);
  }
}

/**
 * Plain secondary indexes (not unique, not backing a constraint) are rebuilt by one sort instead of being updated
 * per row; unique ones stay unless dropUniqueIndexes, because ON CONFLICT needs them as arbiters and their inserts
 * arrive in key order. Indexes backing any constraint (primary key, unique, exclusion, a foreign key elsewhere)
 * always stay.
 */
async function dropSecondaryIndexes(
  client: PoolClient,
  tables: readonly string[],
  dropUnique: boolean,
  into: Suspended,
): Promise<void> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i
     WHERE i.indrelid = ANY ($1::regclass[]) AND ($2::boolean OR NOT i.indisunique) AND NOT i.indisprimary
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
     ORDER BY 1`,
    [tables, dropUnique],
  );
  for (const index of rows) {
    await client.query(`DROP INDEX ${index.name}`);
    into.restore.push(index.definition);
  }
}

/**
 * Drops the foreign keys and plain secondary indexes of `tables` and returns the function that re-creates them
 * (foreign keys are re-validated then). Returns null, with the transaction intact, when the locks cannot be had
 * within lockTimeoutMs because someone is using the tables. Must run inside the caller's transaction.
 */
export async function suspendForBulkLoad(
  client: PoolClient,
  tables: readonly string[],
  options: SuspendOptions = {},
): Promise<(() => Promise<void>) | null> {
  const lockTimeoutMs = options.lockTimeoutMs ?? LOCK_TIMEOUT_MS;
  const suspended: Suspended = { restore: [] };
  await client.query('SAVEPOINT aisle_bulk_load');
  try {
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
    await dropForeignKeys(client, tables, suspended);
    await dropSecondaryIndexes(client, tables, options.dropUniqueIndexes ?? false, suspended);
    await client.query('SET LOCAL lock_timeout = DEFAULT');
    await client.query('RELEASE SAVEPOINT aisle_bulk_load');
  } catch (error) {
    if ((error as { code?: string }).code !== '55P03') throw error; // lock_not_available
    await client.query('ROLLBACK TO SAVEPOINT aisle_bulk_load');
    return null;
  }
  return async () => {
    await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    for (const statement of suspended.restore.reverse()) await client.query(statement);
  };
}

/** When and how withBulkLoadWindow suspends the keys and indexes. */
export interface BulkLoadWindowOptions extends SuspendOptions {
  /** Decides with shouldBulkLoad (default 'always': suspend whenever the locks can be had). */
  mode?: BulkLoadMode;
  /** Rows about to be loaded, for mode 'auto'. */
  incomingRows?: number;
}

/**
 * Runs `load` inside the caller's transaction with the foreign keys and plain secondary indexes of `tables`
 * dropped (when `mode` calls for it and the locks are granted), then re-creates them exactly as they were before
 * returning. `load` is told whether they were dropped; re-creating them happens after it returns. A failure
 * anywhere rolls the drops back with the rest of the transaction.
 */
export async function withBulkLoadWindow<T>(
  client: PoolClient,
  tables: readonly string[],
  load: (suspended: boolean) => Promise<T>,
  options: BulkLoadWindowOptions = {},
): Promise<T> {
  const bulk = await shouldBulkLoad(client, options.mode ?? 'always', tables, options.incomingRows ?? 0);
  const restore = bulk ? await suspendForBulkLoad(client, tables, options) : null;
  const result = await load(restore !== null);
  await restore?.();
  return result;
}
