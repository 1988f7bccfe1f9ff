import { batchedKeysetSql, groupByParent, PARENT_ID } from '../common/keyset';
import { KeysetRow, PageArgs, PageRequest, pageRequest, PageSlice, sliceRows, SortOrder } from '../common/pagination';
import type { RequestContext } from '../common/request-context';
import { query, SqlParams } from '../common/sql';
import {
  ORDER_COLUMNS,
  orderFromRow,
  OrderLineRecord,
  orderLineFromRow,
  OrderLineRow,
  OrderRecord,
  OrderRow,
} from './order.records';

/** A user's orders are listed newest first. */
export const USER_ORDERS_ORDER: SortOrder = {
  name: 'orders:PLACED_DESC',
  key: 'o.placed_at',
  keyType: 'timestamptz',
  id: 'o.id',
  descending: true,
};

/** Reads orders and their lines, batched per user and per order for the DataLoaders. */
export class OrderService {
  /** Validates `User.orders` page arguments once, before per-user loads are batched. */
  userPageRequest(args: PageArgs): PageRequest {
    return pageRequest(args, USER_ORDERS_ORDER);
  }

  /** One page of orders for each of many users, in one statement. */
  async pagesByUser(
    ctx: RequestContext,
    userIds: readonly string[],
    request: PageRequest,
  ): Promise<Map<string, PageSlice<OrderRecord>>> {
    const params = new SqlParams();
    const source = { select: ORDER_COLUMNS, from: 'orders o', where: [`o.user_id = ${PARENT_ID}`], params };
    const rows = await query<OrderRow & KeysetRow & { __parent: string }>(
      ctx,
      batchedKeysetSql(source, userIds, request),
      params.values,
    );
    const pages = new Map<string, PageSlice<OrderRecord>>();
    for (const [id, group] of groupByParent(rows, userIds)) pages.set(id, sliceRows(group, request, orderFromRow));
    return pages;
  }

  /** Order counts of many users in one statement. */
  async countByUser(ctx: RequestContext, userIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await query<{ id: string; n: number }>(
      ctx,
      `SELECT __k.parent_id::text AS id, (SELECT count(*)::int FROM orders o WHERE o.user_id = __k.parent_id) AS n
       FROM unnest($1::bigint[]) AS __k(parent_id)`,
      [userIds],
    );
    return new Map(rows.map((row) => [row.id, row.n]));
  }

  /** The lines of many orders in one statement, each order's lines in line order. */
  async linesByOrder(ctx: RequestContext, orderIds: readonly string[]): Promise<Map<string, OrderLineRecord[]>> {
    const rows = await query<OrderLineRow>(
      ctx,
      `SELECT l.id, l.order_id, l.line_no, l.product_id, l.quantity, l.unit_price, l.placed_at
       FROM order_lines l WHERE l.order_id = ANY($1::bigint[]) ORDER BY l.order_id, l.line_no`,
      [orderIds],
    );
    const lines = new Map<string, OrderLineRecord[]>(orderIds.map((id) => [id, []]));
    for (const row of rows) lines.get(String(row.order_id))?.push(orderLineFromRow(row));
    return lines;
  }
}
