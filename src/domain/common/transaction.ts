import type { RequestContext } from './request-context';

/**
 * Runs `fn` in one database transaction and hands it a context whose statements join that transaction.
 * Commits when `fn` resolves, rolls back when it throws (and rethrows). Nested calls reuse the outer
 * transaction, so a service can call another transactional service without opening a second connection.
 */
export async function withTransaction<T>(ctx: RequestContext, fn: (tx: RequestContext) => Promise<T>): Promise<T> {
  if (ctx.queryRunner?.isTransactionActive) return fn(ctx);
  const queryRunner = ctx.dataSource.createQueryRunner();
  try {
    await queryRunner.connect();
    await queryRunner.startTransaction();
    const result = await fn({ ...ctx, queryRunner });
    await queryRunner.commitTransaction();
    return result;
  } catch (error) {
    if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await queryRunner.release();
  }
}
