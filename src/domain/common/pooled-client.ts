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
