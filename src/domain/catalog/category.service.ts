import { alignById } from '../common/align';
import type { RequestContext } from '../common/request-context';
import { query } from '../common/sql';
import { CATEGORY_COLUMNS, categoryFromRow, CategoryRecord, CategoryRow } from './catalog.records';

/** Reads the category tree. Trees are small (hundreds to thousands of nodes), so `all` returns every node. */
export class CategoryService {
  /** Every category, roots and children alike, ordered by id. */
  async all(ctx: RequestContext): Promise<CategoryRecord[]> {
    const rows = await query<CategoryRow>(ctx, `SELECT ${CATEGORY_COLUMNS} FROM categories c ORDER BY c.id`);
    return rows.map(categoryFromRow);
  }

  /** Categories by id in one statement, aligned with `ids` (the DataLoader batch). */
  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Array<CategoryRecord | null>> {
    const rows = await query<CategoryRow>(
      ctx,
      `SELECT ${CATEGORY_COLUMNS} FROM categories c WHERE c.id = ANY($1::bigint[])`,
      [ids],
    );
    return alignById(ids, rows.map(categoryFromRow));
  }
}
