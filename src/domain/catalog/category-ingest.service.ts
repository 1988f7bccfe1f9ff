import { checkBatchSize, checkUniqueKeys, InputCheck, LIMITS, rowField } from '../common/input-check';
import type { RequestContext } from '../common/request-context';
import { query } from '../common/sql';
import type { ChangeFeed } from '../common/change-feed';
import { withTransaction } from '../common/transaction';
import { NOTHING_UPSERTED, UpsertCounts } from '../common/upsert-result';
import { findCycle } from './category-tree';

/**
 * One category of an upsert batch. `parentExternalId` may name another row of the same batch (in any order) or
 * a stored category; left out it keeps the stored parent (a root for new rows), null makes the node a root.
 */
export interface CategoryInput {
  externalId: string;
  name: string;
  parentExternalId?: string | null;
}

/** Names first: every row exists afterwards, so parents can reference rows of the same batch. */
const UPSERT_NAMES = `
  INSERT INTO categories AS t (external_id, name)
  SELECT * FROM unnest($1::text[], $2::text[]) AS v(external_id, name)
  ON CONFLICT (external_id) DO UPDATE SET name = EXCLUDED.name WHERE t.name IS DISTINCT FROM EXCLUDED.name
  RETURNING t.external_id, (xmax = 0) AS inserted`;

/** Then parents, set-based, touching only rows whose parent changes. */
const UPDATE_PARENTS = `
  UPDATE categories c SET parent_id = p.id
  FROM unnest($1::text[], $2::text[]) AS v(external_id, parent_external_id)
  LEFT JOIN categories p ON p.external_id = v.parent_external_id
  WHERE c.external_id = v.external_id AND c.parent_id IS DISTINCT FROM p.id
  RETURNING c.external_id`;

/** The stored nodes a batch touches and all their ancestors, with each node's parent external id. */
const STORED_ANCESTORS = `
  WITH RECURSIVE up(id, external_id, parent_id) AS (
    SELECT id, external_id, parent_id FROM categories WHERE external_id = ANY($1::text[])
    UNION SELECT c.id, c.external_id, c.parent_id FROM categories c JOIN up ON c.id = up.parent_id)
  SELECT up.external_id, p.external_id AS parent_external_id
  FROM up LEFT JOIN categories p ON p.id = up.parent_id`;

function checkCategory(check: InputCheck, row: CategoryInput, i: number): void {
  check.text(rowField(i, 'externalId'), row.externalId, LIMITS.externalId);
  check.text(rowField(i, 'name'), row.name, LIMITS.name);
  check.optionalText(rowField(i, 'parentExternalId'), row.parentExternalId, LIMITS.externalId);
}

/** Checks every parent reference exists (in the batch or stored) and that no row ends up in a cycle. */
async function checkTree(tx: RequestContext, input: readonly CategoryInput[], check: InputCheck): Promise<void> {
  const names = input.flatMap((row) => [row.externalId, ...(row.parentExternalId ? [row.parentExternalId] : [])]);
  const stored = new Map(
    (await query<{ external_id: string; parent_external_id: string | null }>(tx, STORED_ANCESTORS, [names])).map(
      (row) => [row.external_id, row.parent_external_id],
    ),
  );
  const batch = new Map(input.map((row) => [row.externalId, row]));
  const parentOf = (id: string): string | null | undefined => {
    const row = batch.get(id);
    return row && row.parentExternalId !== undefined ? row.parentExternalId : stored.get(id);
  };
  input.forEach((row, i) => {
    const parent = row.parentExternalId;
    if (!parent) return;
    if (!batch.has(parent) && !stored.has(parent)) {
      check.fail(rowField(i, 'parentExternalId'), `unknown category "${parent}"`);
      return;
    }
    const cycle = findCycle(row.externalId, parentOf, batch.size + stored.size);
    if (cycle) check.fail(rowField(i, 'parentExternalId'), `would create a cycle ${cycle.join(' → ')}`);
  });
}

/** Ingests category batches (`upsertCategories`). */
export class CategoryIngestService {
  /** `changes` hears that the category tree changed once the batch has committed (serving filters listen). */
  constructor(private readonly changes?: ChangeFeed) {}

  /**
   * Upserts categories by externalId in one transaction: validates shapes, duplicates, parent references and
   * cycles across the batch and the stored tree first (one bad row rejects all), then writes names and parents
   * in two set-based statements.
   */
  async upsert(ctx: RequestContext, input: readonly CategoryInput[]): Promise<UpsertCounts> {
    checkBatchSize(input, ctx.limits.maxBatch);
    const check = new InputCheck();
    input.forEach((row, i) => checkCategory(check, row, i));
    checkUniqueKeys(check, input.map((row) => row.externalId), 'externalId');
    check.throwIfFailed();
    if (input.length === 0) return { ...NOTHING_UPSERTED };
    return withTransaction(ctx, async (tx) => {
      await checkTree(tx, input, check);
      check.throwIfFailed();
      const named = await query<{ external_id: string; inserted: boolean }>(tx, UPSERT_NAMES, [
        input.map((row) => row.externalId),
        input.map((row) => row.name),
      ]);
      const withParent = input.filter((row) => row.parentExternalId !== undefined);
      const reparented = await query<{ external_id: string }>(tx, UPDATE_PARENTS, [
        withParent.map((row) => row.externalId),
        withParent.map((row) => row.parentExternalId ?? null),
      ]);
      const created = new Set(named.filter((row) => row.inserted).map((row) => row.external_id));
      const changed = new Set([...named, ...reparented].map((row) => row.external_id));
      const updated = [...changed].filter((id) => !created.has(id)).length;
      return { created: created.size, updated, unchanged: input.length - created.size - updated, total: input.length };
    }).then((counts) => {
      this.changes?.emit('catalog');
      return counts;
    });
  }
}
