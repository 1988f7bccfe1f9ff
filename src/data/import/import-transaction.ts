import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs fn on one raw pg connection inside BEGIN … COMMIT, the unit an import is all-or-nothing in. COPY needs the
 * raw client (TypeORM's query runner cannot stream), so the connection is borrowed from the data source's own pool.
 * On failure it rolls back; a connection that cannot even roll back is destroyed rather than returned to the pool.
 */
export async function withImportTransaction<T>(
  dataSource: DataSource,
  fn: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const driver = dataSource.driver as PostgresDriver;
  const [client, release] = (await driver.obtainMasterConnection()) as [PoolClient, (error?: Error) => void];
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    // Imports run one at a time per database: two merging the same external ids would only deadlock or conflict.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('aisle:import'))`);
    // Set-based joins over hundreds of thousands of staged rows want hash tables in memory, not on disk.
    await client.query(`SET LOCAL work_mem = '64MB'`);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    release(broken);
  }
}
