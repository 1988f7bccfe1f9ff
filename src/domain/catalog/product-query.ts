import { BadUserInputError } from '../common/errors';
import { parseOptionalId } from '../common/ids';
import type { SortOrder } from '../common/pagination';
import { escapeLike, SqlParams } from '../common/sql';

/** The orders `products` can be listed in; each is a keyset order (sort key + id tie-break). */
export const PRODUCT_ORDERS = {
  ID_ASC: { name: 'products:ID_ASC', key: null, keyType: 'bigint', id: 'p.id', descending: false },
  NAME_ASC: { name: 'products:NAME_ASC', key: 'p.name', keyType: 'text', id: 'p.id', descending: false },
  PRICE_ASC: { name: 'products:PRICE_ASC', key: 'p.price', keyType: 'numeric', id: 'p.id', descending: false },
  PRICE_DESC: { name: 'products:PRICE_DESC', key: 'p.price', keyType: 'numeric', id: 'p.id', descending: true },
  CREATED_DESC: {
    name: 'products:CREATED_DESC',
    key: 'p.created_at',
    keyType: 'timestamptz',
    id: 'p.id',
    descending: true,
  },
} satisfies Record<string, SortOrder>;

export type ProductOrderBy = keyof typeof PRODUCT_ORDERS;

/** What `products(filter:)` narrows by; every field is optional and they combine with AND. */
export interface ProductFilter {
  /** The category and all its descendants. */
  categoryId?: string | null;
  /** Case-insensitive substring of the name, or the exact externalId. */
  search?: string | null;
  minPrice?: number | null;
  maxPrice?: number | null;
  /** true: stock > 0 or stock not tracked (null); false: stock <= 0. */
  inStock?: boolean | null;
  active?: boolean | null;
}

/**
 * The ids of a category and every descendant, as an SQL subquery. UNION (not UNION ALL) stops on a cycle
 * should one ever get into the table.
 */
export function categorySubtreeSql(rootPlaceholder: string): string {
  return `WITH RECURSIVE __tree(id) AS (
      SELECT ${rootPlaceholder}
      UNION SELECT c.id FROM categories c JOIN __tree t ON c.parent_id = t.id)
    SELECT id FROM __tree`;
}

function priceConditions(filter: ProductFilter, params: SqlParams): string[] {
  const where: string[] = [];
  for (const bound of ['minPrice', 'maxPrice'] as const) {
    const value = filter[bound];
    if (value === null || value === undefined) continue;
    if (!Number.isFinite(value)) throw new BadUserInputError(`filter.${bound}`, 'must be a finite number');
    where.push(`p.price ${bound === 'minPrice' ? '>=' : '<='} ${params.add(value, 'numeric')}`);
  }
  const { minPrice, maxPrice } = filter;
  if (typeof minPrice === 'number' && typeof maxPrice === 'number' && minPrice > maxPrice) {
    throw new BadUserInputError('filter.maxPrice', 'must not be below filter.minPrice');
  }
  return where;
}

/**
 * Translates a product filter into SQL conditions on alias `p`, validating what GraphQL types cannot
 * (a well-formed categoryId, a sensible price range). The search uses the pg_trgm index on name when present.
 */
export function productConditions(filter: ProductFilter | null | undefined, params: SqlParams): string[] {
  if (!filter) return [];
  const where = priceConditions(filter, params);
  const categoryId = parseOptionalId(filter.categoryId, 'filter.categoryId');
  if (categoryId) where.push(`p.category_id IN (${categorySubtreeSql(params.add(categoryId, 'bigint'))})`);
  const search = filter.search?.trim();
  if (search) {
    if (search.length > 256) throw new BadUserInputError('filter.search', 'must be at most 256 characters');
    if (search.includes('\u0000')) throw new BadUserInputError('filter.search', 'must not contain NUL characters');
    where.push(`(p.name ILIKE ${params.add(`%${escapeLike(search)}%`)} OR p.external_id = ${params.add(search)})`);
  }
  if (filter.inStock === true) where.push('(p.stock IS NULL OR p.stock > 0)');
  if (filter.inStock === false) where.push('p.stock <= 0');
  if (filter.active === true || filter.active === false) where.push(`p.active = ${params.add(filter.active)}`);
  return where;
}
