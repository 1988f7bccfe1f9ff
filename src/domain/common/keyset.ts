import type { PageRequest } from './pagination';
import { SqlParams } from './sql';

/** Placeholder column of the parent id in batched (per-parent) page queries. */
export const PARENT_ID = '__k.parent_id';

/** The filtered rows a page is cut from: `SELECT select FROM from WHERE where…`. */
export interface KeysetSource {
  select: string;
  from: string;
  where: string[];
  params: SqlParams;
}

function keysetClauses(source: KeysetSource, request: PageRequest): { key: string; where: string; orderBy: string } {
  const { order, after } = request;
  const dir = order.descending ? 'DESC' : 'ASC';
  const op = order.descending ? '<' : '>';
  const where = [...source.where];
  if (after && order.key) {
    const key = source.params.add(after.key, order.keyType);
    where.push(`(${order.key}, ${order.id}) ${op} (${key}, ${source.params.add(after.id, 'bigint')})`);
  } else if (after) {
    where.push(`${order.id} ${op} ${source.params.add(after.id, 'bigint')}`);
  }
  return {
    key: order.key ? `(${order.key})::text` : 'NULL::text',
    where: where.length ? where.join(' AND ') : 'TRUE',
    orderBy: order.key ? `${order.key} ${dir}, ${order.id} ${dir}` : `${order.id} ${dir}`,
  };
}

/**
 * One page of `source` in `request.order`, fetched by keyset (`(key, id) > cursor`), with one row more than
 * asked for so the caller knows whether a next page exists. Each row carries its sort key as `__key`.
 */
export function keysetSql(source: KeysetSource, request: PageRequest): string {
  const c = keysetClauses(source, request);
  return `SELECT ${source.select}, ${c.key} AS __key FROM ${source.from} WHERE ${c.where}
    ORDER BY ${c.orderBy} LIMIT ${request.limit + 1}`;
}

/**
 * The same page for many parents in one statement (the DataLoader batch of e.g. `User.events`): the source's
 * `where` refers to the parent as PARENT_ID, and each row comes back with `__parent`.
 */
export function batchedKeysetSql(source: KeysetSource, parentIds: readonly string[], request: PageRequest): string {
  const parents = source.params.add(parentIds, 'bigint[]');
  return `SELECT __k.parent_id::text AS __parent, __page.*
    FROM unnest(${parents}) AS __k(parent_id)
    CROSS JOIN LATERAL (${keysetSql(source, request)}) AS __page`;
}

/** Splits batched rows by parent, in the order of `parentIds` (parents without rows get an empty list). */
export function groupByParent<R extends { __parent: string }>(
  rows: readonly R[],
  parentIds: readonly string[],
): Map<string, R[]> {
  const groups = new Map<string, R[]>(parentIds.map((id) => [id, []]));
  for (const row of rows) groups.get(row.__parent)?.push(row);
  return groups;
}
