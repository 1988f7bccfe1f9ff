import type { QueryResult } from 'typeorm';
import type { RequestContext } from './request-context';

/** Rows a statement returned and how many rows it touched (INSERT/UPDATE/DELETE). */
export interface SqlResult<T> {
  rows: T[];
  rowCount: number;
}

/**
 * Runs one parameterised statement on the context's transaction when there is one, else on a pooled
 * connection. The single door to SQL for services: parameters always travel separately from the text.
 */
export async function execute<T = Record<string, unknown>>(
  ctx: RequestContext,
  text: string,
  params: readonly unknown[] = [],
): Promise<SqlResult<T>> {
  const own = ctx.queryRunner ? undefined : ctx.dataSource.createQueryRunner();
  const runner = ctx.queryRunner ?? own!;
  try {
    const result = (await runner.query(text, params as unknown[], true)) as QueryResult<T>;
    return { rows: result.records ?? [], rowCount: result.affected ?? 0 };
  } finally {
    if (own) await own.release();
  }
}

/** Runs a statement and returns its rows. */
export async function query<T = Record<string, unknown>>(
  ctx: RequestContext,
  text: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  return (await execute<T>(ctx, text, params)).rows;
}

/**
 * Collects positional parameters while a statement is assembled: `add(value)` returns its placeholder (`$n`),
 * so filters can be appended in any order without counting by hand.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder, optionally with a cast (`$3::bigint`). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

/** Escapes LIKE/ILIKE wildcards so a search term matches literally. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}
