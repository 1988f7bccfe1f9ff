import type { PoolClient } from 'pg';
import type { RequestContext } from './request-context';

/** What a bulk read needs: a data source, and the transaction when there is one. */
export type BulkContext = Pick<RequestContext, 'dataSource' | 'queryRunner'>;

/**
 * Runs `work` on the context's transaction connection, or on a pooled connection of its own (so bulk reads can run
 * side by side, each on its own backend) that is released afterwards.
 */
export async function withPooledClient<T>(ctx: BulkContext, work: (client: PoolClient) => Promise<T>): Promise<T> {
  if (ctx.queryRunner) return work((await ctx.queryRunner.connect()) as PoolClient);
  const runner = ctx.dataSource.createQueryRunner();
  try {
    return await work((await runner.connect()) as PoolClient);
  } finally {
    await runner.release();
  }
}

/**
 * Runs `work` on `count` connections that see one snapshot of the database (the first exports it, the others
 * adopt it: what pg_dump does), so reads of related tables side by side agree with each other. Inside a
 * transaction every read goes through its connection, which already sees one snapshot. Holds `count` connections
 * of the pool at once (the server's pool has 10; refreshes run one at a time under the job queue).
 */
export async function withSnapshotClients<T>(ctx: BulkContext, count: number, work: (clients: PoolClient[]) => Promise<T>): Promise<T> {
  if (ctx.queryRunner) {
    const client = (await ctx.queryRunner.connect()) as PoolClient;
    return work(Array.from({ length: count }, () => client));
  }
  const runners = Array.from({ length: count }, () => ctx.dataSource.createQueryRunner());
  try {
    const clients = (await Promise.all(runners.map((runner) => runner.connect()))) as PoolClient[];
    const begin = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
    await clients[0].query(begin);
    const [{ snapshot }] = (await clients[0].query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot')).rows;
    await Promise.all(clients.slice(1).map(async (client) => {
      await client.query(begin);
      await client.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
    }));
    try {
      return await work(clients);
    } finally {
      await Promise.all(clients.map((client) => client.query('COMMIT').catch(() => undefined)));
    }
  } finally {
    await Promise.all(runners.map((runner) => runner.release()));
  }
}
