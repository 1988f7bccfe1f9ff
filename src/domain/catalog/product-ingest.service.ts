import { checkBatchSize, checkUniqueKeys, InputCheck, LIMITS, rowField } from '../common/input-check';
import { idsByExternalId } from '../common/references';
import type { RequestContext } from '../common/request-context';
import { query } from '../common/sql';
import type { ChangeFeed } from '../common/change-feed';
import { withTransaction } from '../common/transaction';
import { NOTHING_UPSERTED, UpsertCounts, upsertCounts } from '../common/upsert-result';

/**
 * One product of an upsert batch. Optional fields left out (undefined) keep the stored value on update and
 * take the default on insert; an explicit null clears them (except `active`, which cannot be null).
 */
export interface ProductInput {
  externalId: string;
  name: string;
  categoryExternalId?: string | null;
  price: number;
  cost?: number | null;
  stock?: number | null;
  active?: boolean | null;
  attributes?: Record<string, unknown> | null;
}

/**
 * Inserts new rows and updates existing ones in one statement. Omitted optional fields are merged from the
 * stored row (`e`) in the SELECT, because ON CONFLICT's EXCLUDED cannot tell "omitted" from "null".
 * Rows whose values do not change are skipped, so they are counted as unchanged.
 */
const UPSERT_PRODUCTS = `
  INSERT INTO products AS t (external_id, name, category_id, price, cost, stock, active, attributes)
  SELECT v.external_id, v.name,
         CASE WHEN v.category_set THEN v.category_id ELSE e.category_id END,
         v.price,
         CASE WHEN v.cost_set THEN v.cost ELSE e.cost END,
         CASE WHEN v.stock_set THEN v.stock ELSE e.stock END,
         COALESCE(v.active, e.active, true),
         CASE WHEN v.attributes_set THEN v.attributes::jsonb ELSE e.attributes END
  FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bool[], $5::numeric[], $6::numeric[], $7::bool[],
              $8::int[], $9::bool[], $10::bool[], $11::text[], $12::bool[])
       WITH ORDINALITY AS v(external_id, name, category_id, category_set, price, cost, cost_set, stock, stock_set,
                            active, attributes, attributes_set, ord)
  LEFT JOIN products e ON e.external_id = v.external_id
  ORDER BY v.ord
  ON CONFLICT (external_id) DO UPDATE
    SET name = EXCLUDED.name, category_id = EXCLUDED.category_id, price = EXCLUDED.price, cost = EXCLUDED.cost,
        stock = EXCLUDED.stock, active = EXCLUDED.active, attributes = EXCLUDED.attributes, updated_at = now()
    WHERE (t.name, t.category_id, t.price, t.cost, t.stock, t.active, t.attributes)
          IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.category_id, EXCLUDED.price, EXCLUDED.cost, EXCLUDED.stock,
                            EXCLUDED.active, EXCLUDED.attributes)
  RETURNING (xmax = 0) AS inserted`;

/** Validates one row's shape; references are checked against the database afterwards. */
function checkProduct(check: InputCheck, row: ProductInput, i: number): void {
  const f = (name: string) => rowField(i, name);
  check.text(f('externalId'), row.externalId, LIMITS.externalId);
  check.text(f('name'), row.name, LIMITS.name);
  check.optionalText(f('categoryExternalId'), row.categoryExternalId, LIMITS.externalId);
  check.number(f('price'), row.price, 0, LIMITS.money);
  check.optionalNumber(f('cost'), row.cost, 0, LIMITS.money);
  check.optionalInteger(f('stock'), row.stock, -2147483648);
  check.optionalAttributes(f('attributes'), row.attributes);
}

function isSet(value: unknown): boolean {
  return value !== undefined;
}

function upsertParams(input: readonly ProductInput[], categories: Map<string, string>): unknown[] {
  const column = <T>(pick: (row: ProductInput) => T) => input.map(pick);
  return [
    column((r) => r.externalId),
    column((r) => r.name),
    column((r) => (r.categoryExternalId ? categories.get(r.categoryExternalId) : null) ?? null),
    column((r) => isSet(r.categoryExternalId)),
    column((r) => r.price),
    column((r) => r.cost ?? null),
    column((r) => isSet(r.cost)),
    column((r) => r.stock ?? null),
    column((r) => isSet(r.stock)),
    column((r) => r.active ?? null),
    column((r) => (r.attributes ? JSON.stringify(r.attributes) : null)),
    column((r) => isSet(r.attributes)),
  ];
}

/** Ingests product batches (`upsertProducts`). */
export class ProductIngestService {
  /** `changes` hears that the catalogue changed once the batch has committed (serving filters listen). */
  constructor(private readonly changes?: ChangeFeed) {}

  /**
   * Upserts products by externalId: every row is validated first (shape, duplicates, known categories) and one
   * bad row rejects the batch with BAD_USER_INPUT naming it; then one statement writes the batch in a transaction.
   */
  async upsert(ctx: RequestContext, input: readonly ProductInput[]): Promise<UpsertCounts> {
    checkBatchSize(input, ctx.limits.maxBatch);
    const check = new InputCheck();
    input.forEach((row, i) => checkProduct(check, row, i));
    checkUniqueKeys(check, input.map((row) => row.externalId), 'externalId');
    check.throwIfFailed();
    if (input.length === 0) return { ...NOTHING_UPSERTED };
    return withTransaction(ctx, async (tx) => {
      const wanted = input.flatMap((row) => (row.categoryExternalId ? [row.categoryExternalId] : []));
      const categories = await idsByExternalId(tx, 'categories', wanted);
      input.forEach((row, i) => {
        if (row.categoryExternalId && !categories.has(row.categoryExternalId)) {
          check.fail(rowField(i, 'categoryExternalId'), `unknown category "${row.categoryExternalId}"`);
        }
      });
      check.throwIfFailed();
      const returned = await query<{ inserted: boolean }>(tx, UPSERT_PRODUCTS, upsertParams(input, categories));
      return upsertCounts(returned, input.length);
    }).then((counts) => {
      this.changes?.emit('catalog');
      return counts;
    });
  }
}
