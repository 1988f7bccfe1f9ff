import type { RequestContext } from './request-context';
import { query } from './sql';

/** Tables whose rows clients reference by externalId. */
export type ReferencedTable = 'users' | 'products' | 'categories';

/** Ids of the rows with these external ids, in one statement; unknown ones are simply absent from the map. */
export async function idsByExternalId(
  ctx: RequestContext,
  table: ReferencedTable,
  externalIds: Iterable<string>,
): Promise<Map<string, string>> {
  const unique = [...new Set(externalIds)];
  if (unique.length === 0) return new Map();
  const rows = await query<{ external_id: string; id: string }>(
    ctx,
    `SELECT external_id, id::text AS id FROM ${table} WHERE external_id = ANY($1::text[])`,
    [unique],
  );
  return new Map(rows.map((row) => [row.external_id, row.id]));
}

/** Result of resolving references: ids by external id, and how many placeholder rows were created. */
export interface ResolvedReferences {
  ids: Map<string, string>;
  created: number;
}

/**
 * Resolves external ids to ids and, when asked, creates placeholders for the missing ones with
 * `placeholderSql` (an `INSERT … SELECT … FROM unnest($1::text[]) … ON CONFLICT DO NOTHING RETURNING
 * external_id, id`). Rows a concurrent request inserted meanwhile are picked up by a final lookup.
 */
export async function resolveReferences(
  ctx: RequestContext,
  table: ReferencedTable,
  externalIds: Iterable<string>,
  placeholderSql: string | undefined,
): Promise<ResolvedReferences> {
  const unique = [...new Set(externalIds)];
  const ids = await idsByExternalId(ctx, table, unique);
  const missing = unique.filter((externalId) => !ids.has(externalId));
  if (missing.length === 0 || placeholderSql === undefined) return { ids, created: 0 };
  const inserted = await query<{ external_id: string; id: string }>(ctx, placeholderSql, [missing]);
  for (const row of inserted) ids.set(row.external_id, String(row.id));
  const raced = missing.filter((externalId) => !ids.has(externalId));
  for (const [externalId, id] of await idsByExternalId(ctx, table, raced)) ids.set(externalId, id);
  return { ids, created: inserted.length };
}
