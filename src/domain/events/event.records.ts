import type { EventEntity } from '../../data/entities';

/** An event as services hand it out. */
export type EventRecord = Omit<EventEntity, 'user' | 'product'>;

/** The event columns every event query selects, aliased `e`. */
export const EVENT_COLUMNS =
  'e.id, e.event_id, e.user_id, e.product_id, e.type, e.value, e.quantity, e.price, e.occurred_at, e.received_at';

/** An events row as PostgreSQL returns it. */
export interface EventRow {
  id: string;
  event_id: string | null;
  user_id: string;
  product_id: string;
  type: EventRecord['type'];
  value: number | null;
  quantity: number | null;
  price: string | null;
  occurred_at: Date;
  received_at: Date;
}

/** Maps a raw events row to a record. */
export function eventFromRow(row: EventRow): EventRecord {
  return {
    id: String(row.id),
    eventId: row.event_id,
    userId: String(row.user_id),
    productId: String(row.product_id),
    type: row.type,
    value: row.value,
    quantity: row.quantity,
    price: row.price === null ? null : Number(row.price),
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
  };
}
