import type { CategoryEntity, ProductEntity } from '../../data/entities';

/** A product as services hand it out: the entity's columns, no relations. */
export type ProductRecord = Omit<ProductEntity, 'category'>;

/** A category as services hand it out. */
export type CategoryRecord = Omit<CategoryEntity, 'parent'>;

/** The product columns every product query selects, aliased `p`. */
export const PRODUCT_COLUMNS =
  'p.id, p.external_id, p.name, p.category_id, p.price, p.cost, p.stock, p.active, p.attributes, ' +
  'p.created_at, p.updated_at';

/** The category columns every category query selects, aliased `c`. */
export const CATEGORY_COLUMNS = 'c.id, c.external_id, c.name, c.parent_id';

/** A products row as PostgreSQL returns it (bigint and numeric as strings). */
export interface ProductRow {
  id: string;
  external_id: string;
  name: string;
  category_id: string | null;
  price: string;
  cost: string | null;
  stock: number | null;
  active: boolean;
  attributes: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
}

/** A categories row as PostgreSQL returns it. */
export interface CategoryRow {
  id: string;
  external_id: string;
  name: string;
  parent_id: string | null;
}

/** Maps a raw products row to a record (numeric money to number, as the entity's transformer would). */
export function productFromRow(row: ProductRow): ProductRecord {
  return {
    id: String(row.id),
    externalId: row.external_id,
    name: row.name,
    categoryId: row.category_id === null ? null : String(row.category_id),
    price: Number(row.price),
    cost: row.cost === null ? null : Number(row.cost),
    stock: row.stock,
    active: row.active,
    attributes: row.attributes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Maps a raw categories row to a record. */
export function categoryFromRow(row: CategoryRow): CategoryRecord {
  return {
    id: String(row.id),
    externalId: row.external_id,
    name: row.name,
    parentId: row.parent_id === null ? null : String(row.parent_id),
  };
}

/**
 * Creates products that events or orders name before the catalogue feed sent them (`createMissing: true`):
 * named after their external id, price 0 and inactive, so they are never recommended until upsertProducts
 * fills them in.
 */
export const PRODUCT_PLACEHOLDERS_SQL = `
  INSERT INTO products (external_id, name, price, active)
  SELECT e, e, 0, false FROM unnest($1::text[]) AS e
  ON CONFLICT (external_id) DO NOTHING
  RETURNING external_id, id::text AS id`;
