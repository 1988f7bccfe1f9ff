import type { PoolClient } from 'pg';
import { copyRows, type CopyValue } from '../bulk/copy';

/**
 * Staging helpers shared by the importers: rows go by COPY into TEMP tables that vanish at COMMIT or ROLLBACK,
 * and set-based upserts move them into the real tables.
 */

/** Creates a TEMP table dropped at the end of the transaction; `columns` is its column list in DDL. */
export async function createStageTable(client: PoolClient, name: string, columns: string): Promise<void> {
  await client.query(`CREATE TEMP TABLE ${name} (${columns}) ON COMMIT DROP`);
}

/** COPYs rows into a staging table, then refreshes its statistics so the planner joins it with hash joins. */
export async function stageRows(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  rows: Iterable<CopyValue[]>,
): Promise<number> {
  const count = await copyRows(client, table, columns, rows);
  await client.query(`ANALYZE ${table}`);
  return count;
}

/** Rows an upsert inserted and rows it changed. */
export interface UpsertCounts {
  created: number;
  updated: number;
}

/**
 * Runs an `INSERT … ON CONFLICT … DO UPDATE … WHERE <changed> RETURNING (xmax = 0) AS inserted` and counts both
 * outcomes: a freshly inserted tuple has no deleting transaction (xmax = 0), an updated one does. Rows that
 * conflicted without change are filtered by the WHERE and returned by neither.
 */
export async function runUpsert(client: PoolClient, upsertSql: string): Promise<UpsertCounts> {
  const { rows } = await client.query<{ created: number; updated: number }>(
    `WITH up AS (${upsertSql})
     SELECT count(*) FILTER (WHERE inserted)::int AS created, count(*) FILTER (WHERE NOT inserted)::int AS updated
     FROM up`,
  );
  return rows[0];
}

/** Runs a statement and returns its affected-row count. */
export async function runCount(client: PoolClient, sql: string): Promise<number> {
  const result = await client.query(sql);
  return result.rowCount ?? 0;
}

/**
 * Feeds row batches to COPY in the background while the caller keeps reading the file, so parsing (this process)
 * and ingesting (the PostgreSQL backend) run on different cores. Batches go one at a time on the one connection;
 * `flush` waits for all of them and rethrows the first failure.
 */
export class BackgroundCopier {
  private pending: Promise<void> = Promise.resolve();
  private batch: CopyValue[][] = [];
  rows = 0;

  constructor(
    private readonly client: PoolClient,
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly batchRows: number,
  ) {}

  push(row: CopyValue[]): void {
    this.batch.push(row);
    if (this.batch.length >= this.batchRows) this.send();
  }

  private send(): void {
    const rows = this.batch;
    this.batch = [];
    this.rows += rows.length;
    this.pending = this.pending.then(async () => {
      await copyRows(this.client, this.table, this.columns, rows);
    });
    // Mark handled now; the failure is rethrown by flush().
    this.pending.catch(() => undefined);
  }

  /** Sends the last partial batch and waits until PostgreSQL has every row. */
  async flush(): Promise<void> {
    if (this.batch.length > 0) this.send();
    await this.pending;
  }

  /** Waits for in-flight batches without throwing, so the connection is idle before a ROLLBACK. */
  async settle(): Promise<void> {
    await this.pending.catch(() => undefined);
  }
}
