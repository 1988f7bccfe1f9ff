import type { OrderEntity, OrderLineEntity } from '../../data/entities';

/** An order as services hand it out (lines are read separately, batched per order). */
export type OrderRecord = Omit<OrderEntity, 'user' | 'lines'>;

/** An order line as services hand it out. */
export type OrderLineRecord = Omit<OrderLineEntity, 'order' | 'product'>;

/** The order columns every order query selects, aliased `o`. */
export const ORDER_COLUMNS = 'o.id, o.external_id, o.user_id, o.placed_at, o.total, o.cancelled, o.country';

/** An orders row as PostgreSQL returns it. */
export interface OrderRow {
  id: string;
  external_id: string;
  user_id: string | null;
  placed_at: Date;
  total: string;
  cancelled: boolean;
  country: string | null;
}

/** An order_lines row as PostgreSQL returns it. */
export interface OrderLineRow {
  id: string;
  order_id: string;
  line_no: number;
  product_id: string;
  quantity: number;
  unit_price: string;
  placed_at: Date;
}

/** Maps a raw orders row to a record. */
export function orderFromRow(row: OrderRow): OrderRecord {
  return {
    id: String(row.id),
    externalId: row.external_id,
    userId: row.user_id === null ? null : String(row.user_id),
    placedAt: row.placed_at,
    total: Number(row.total),
    cancelled: row.cancelled,
    country: row.country,
  };
}

/** Maps a raw order_lines row to a record. */
export function orderLineFromRow(row: OrderLineRow): OrderLineRecord {
  return {
    id: String(row.id),
    orderId: String(row.order_id),
    lineNo: row.line_no,
    productId: String(row.product_id),
    quantity: row.quantity,
    unitPrice: Number(row.unit_price),
    placedAt: row.placed_at,
  };
}
