import type { RequestContext } from '../common/request-context';
import { execute } from '../common/sql';

/**
 * The behavioural events an order implies: PURCHASE for each positive line, RETURN (with the absolute quantity)
 * for each negative one, only for orders with a user and not cancelled. The eventId `order:<externalId>:<lineNo>`
 * is deterministic, so a replayed order updates its events instead of adding more.
 */
export interface OrderEvent {
  eventId: string;
  userId: string;
  productId: string;
  type: 'PURCHASE' | 'RETURN';
  quantity: number;
  price: number;
  occurredAt: Date;
}

/** The event id of an order line (lineNo counts from 1). */
export function orderLineEventId(orderExternalId: string, lineNo: number): string {
  return `order:${orderExternalId}:${lineNo}`;
}

const UPSERT_EVENTS = `
  INSERT INTO events AS t (event_id, user_id, product_id, type, quantity, price, occurred_at)
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::int[], $6::numeric[], $7::timestamptz[])
  ON CONFLICT (event_id) DO UPDATE
    SET user_id = EXCLUDED.user_id, product_id = EXCLUDED.product_id, type = EXCLUDED.type,
        quantity = EXCLUDED.quantity, price = EXCLUDED.price, occurred_at = EXCLUDED.occurred_at
    WHERE (t.user_id, t.product_id, t.type, t.quantity, t.price, t.occurred_at)
          IS DISTINCT FROM (EXCLUDED.user_id, EXCLUDED.product_id, EXCLUDED.type, EXCLUDED.quantity, EXCLUDED.price,
                            EXCLUDED.occurred_at)`;

/**
 * Brings the events of rewritten orders in line with their lines: deletes events of lines that no longer
 * imply one (`staleEventIds`), then upserts the implied ones. Two statements whatever the batch size.
 */
export async function syncOrderEvents(
  tx: RequestContext,
  events: readonly OrderEvent[],
  staleEventIds: readonly string[],
): Promise<void> {
  const keep = new Set(events.map((event) => event.eventId));
  const stale = staleEventIds.filter((id) => !keep.has(id));
  if (stale.length > 0) await execute(tx, 'DELETE FROM events WHERE event_id = ANY($1::text[])', [stale]);
  if (events.length === 0) return;
  await execute(tx, UPSERT_EVENTS, [
    events.map((e) => e.eventId),
    events.map((e) => e.userId),
    events.map((e) => e.productId),
    events.map((e) => e.type),
    events.map((e) => e.quantity),
    events.map((e) => e.price),
    events.map((e) => e.occurredAt.toISOString()),
  ]);
}
