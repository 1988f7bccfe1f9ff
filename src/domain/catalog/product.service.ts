import { alignById } from '../common/align';
import { exactlyOneKey } from '../common/ids';
import { batchedKeysetSql, groupByParent, keysetSql, PARENT_ID } from '../common/keyset';
import {
  KeysetRow,
  Page,
  PageArgs,
  PageRequest,
  pageRequest,
  PageSlice,
  sliceRows,
  withTotal,
} from '../common/pagination';
import type { RequestContext } from '../common/request-context';
import { query, SqlParams } from '../common/sql';
import { PRODUCT_COLUMNS, productFromRow, ProductRecord, ProductRow } from './catalog.records';
import { categorySubtreeSql, productConditions, ProductFilter, ProductOrderBy, PRODUCT_ORDERS } from './product-query';

/** Arguments of the `products` list. */
export interface ProductListArgs extends PageArgs {
  filter?: ProductFilter | null;
  orderBy?: ProductOrderBy | null;
}

type ProductKeysetRow = ProductRow & KeysetRow;

/** A product lookup key: exactly one of id and externalId. */
export interface ProductKey {
  id?: string | null;
  externalId?: string | null;
}

/** Reads the catalogue's products: single lookups, the filtered list, and the batched reads DataLoaders need. */
export class ProductService {
  /** `product(id, externalId)`: exactly one key; null when no such product. */
  async find(ctx: RequestContext, key: ProductKey): Promise<ProductRecord | null> {
    const which = exactlyOneKey(key);
    const [column, value] = 'id' in which ? ['p.id', which.id] : ['p.external_id', which.externalId];
    const sql = `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE ${column} = $1`;
    const [row] = await query<ProductRow>(ctx, sql, [value]);
    return row ? productFromRow(row) : null;
  }

  /** Products by id in one statement, aligned with `ids` (the DataLoader batch). */
  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Array<ProductRecord | null>> {
    const sql = `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = ANY($1::bigint[])`;
    const rows = await query<ProductRow>(ctx, sql, [ids]);
    return alignById(ids, rows.map(productFromRow));
  }

  /**
   * `products(first, after, filter, orderBy)`: one keyset page; the total is a second statement run only when
   * the client selects totalCount.
   */
  async list(ctx: RequestContext, args: ProductListArgs): Promise<Page<ProductRecord>> {
    const request = pageRequest(args, PRODUCT_ORDERS[args.orderBy ?? 'ID_ASC']);
    const params = new SqlParams();
    const where = productConditions(args.filter, params);
    const sql = keysetSql({ select: PRODUCT_COLUMNS, from: 'products p', where, params }, request);
    const rows = await query<ProductKeysetRow>(ctx, sql, params.values);
    return withTotal(sliceRows(rows, request, productFromRow), () => this.count(ctx, args.filter));
  }

  /** How many products match a filter. */
  async count(ctx: RequestContext, filter: ProductFilter | null | undefined): Promise<number> {
    const params = new SqlParams();
    const where = productConditions(filter, params);
    const sql = `SELECT count(*)::int AS n FROM products p WHERE ${where.length ? where.join(' AND ') : 'TRUE'}`;
    const [row] = await query<{ n: number }>(ctx, sql, params.values);
    return row.n;
  }

  /** Validates `Category.products` page arguments once, before the per-category loads are batched. */
  categoryPageRequest(args: PageArgs): PageRequest {
    return pageRequest(args, PRODUCT_ORDERS.ID_ASC);
  }

  /**
   * `Category.products` for many categories in one statement: each category's page of products in it or any
   * descendant, ordered by id.
   */
  async pagesByCategory(
    ctx: RequestContext,
    categoryIds: readonly string[],
    request: PageRequest,
  ): Promise<Map<string, PageSlice<ProductRecord>>> {
    const params = new SqlParams();
    const where = [`p.category_id IN (${categorySubtreeSql(PARENT_ID)})`];
    const sql = batchedKeysetSql({ select: PRODUCT_COLUMNS, from: 'products p', where, params }, categoryIds, request);
    const rows = await query<ProductKeysetRow & { __parent: string }>(ctx, sql, params.values);
    const pages = new Map<string, PageSlice<ProductRecord>>();
    for (const [id, group] of groupByParent(rows, categoryIds)) {
      pages.set(id, sliceRows(group, request, productFromRow));
    }
    return pages;
  }

  /** Product counts of many category subtrees in one statement. */
  async countByCategory(ctx: RequestContext, categoryIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await query<{ id: string; n: number }>(
      ctx,
      `SELECT __k.parent_id::text AS id,
         (SELECT count(*)::int FROM products p WHERE p.category_id IN (${categorySubtreeSql('__k.parent_id')})) AS n
       FROM unnest($1::bigint[]) AS __k(parent_id)`,
      [categoryIds],
    );
    return new Map(rows.map((row) => [row.id, row.n]));
  }
}
