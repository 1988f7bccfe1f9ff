import { PRODUCT_PLACEHOLDERS_SQL } from '../catalog/catalog.records';
import type { InputCheck } from '../common/input-check';
import { resolveReferences } from '../common/references';
import type { RequestContext } from '../common/request-context';
import { execute, query } from '../common/sql';
import type { ChangeFeed } from '../common/change-feed';
import { withTransaction } from '../common/transaction';
import { NOTHING_UPSERTED, UpsertCounts } from '../common/upsert-result';
import { USER_PLACEHOLDERS_SQL } from '../customers/user.records';
import { OrderEvent, orderLineEventId, syncOrderEvents } from './order-events';
import { checkOrders, MONEY_EPSILON, OrderInput, orderTotal } from './order-input';

/** An input order with its references resolved to ids. */
interface ResolvedOrder {
  input: OrderInput;
  userId: string | null;
  productIds: string[];
}

/** A stored order as the change check needs it; `lines` are [productId, quantity, unitPrice] in line order. */
interface StoredOrder {
  external_id: string;
  user_id: string | null;
  placed_at: Date;
  cancelled: boolean;
  country: string | null;
  lines: Array<[string, number, number]>;
}

/** Locks the batch's stored orders (a concurrent replay waits) and reads them with their lines. */
const STORED_ORDERS = `
  SELECT o.external_id, o.user_id::text AS user_id, o.placed_at, o.cancelled, o.country,
         COALESCE((SELECT json_agg(json_build_array(l.product_id::text, l.quantity, l.unit_price::float8)
                                   ORDER BY l.line_no)
                   FROM order_lines l WHERE l.order_id = o.id), '[]'::json) AS lines
  FROM orders o WHERE o.external_id = ANY($1::text[]) FOR UPDATE`;

const UPSERT_ORDERS = `
  INSERT INTO orders AS t (external_id, user_id, placed_at, total, cancelled, country)
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::numeric[], $5::bool[], $6::text[])
  ON CONFLICT (external_id) DO UPDATE
    SET user_id = EXCLUDED.user_id, placed_at = EXCLUDED.placed_at, total = EXCLUDED.total,
        cancelled = EXCLUDED.cancelled, country = EXCLUDED.country
  RETURNING t.id::text AS id, t.external_id, (xmax = 0) AS inserted`;

/** Removes the lines of orders being replaced, returning what their events were keyed by. */
const DELETE_LINES = `
  DELETE FROM order_lines l USING orders o
  WHERE o.id = l.order_id AND l.order_id = ANY($1::bigint[])
  RETURNING o.external_id, l.line_no`;

const INSERT_LINES = `
  INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, placed_at)
  SELECT * FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::int[], $5::numeric[], $6::timestamptz[])`;

function isUnchanged(order: ResolvedOrder, stored: StoredOrder): boolean {
  const { input } = order;
  return (
    stored.user_id === order.userId &&
    stored.placed_at.getTime() === input.placedAt.getTime() &&
    stored.cancelled === (input.cancelled ?? false) &&
    stored.country === (input.country ?? null) &&
    stored.lines.length === input.lines.length &&
    input.lines.every((line, j) => {
      const [productId, quantity, unitPrice] = stored.lines[j];
      const samePrice = Math.abs(unitPrice - line.unitPrice) < MONEY_EPSILON;
      return productId === order.productIds[j] && quantity === line.quantity && samePrice;
    })
  );
}

/** Resolves users and products by external id (creating placeholders if asked); unknown ones fail their row. */
async function resolveOrders(
  tx: RequestContext,
  input: readonly OrderInput[],
  createMissing: boolean,
  check: InputCheck,
): Promise<ResolvedOrder[]> {
  const userRefs = input.flatMap((o) => (o.userExternalId ? [o.userExternalId] : []));
  const productRefs = input.flatMap((o) => o.lines.map((l) => l.productExternalId));
  const users = await resolveReferences(tx, 'users', userRefs, createMissing ? USER_PLACEHOLDERS_SQL : undefined);
  const placeholders = createMissing ? PRODUCT_PLACEHOLDERS_SQL : undefined;
  const products = await resolveReferences(tx, 'products', productRefs, placeholders);
  const resolved = input.map((o, i) => {
    const userId = o.userExternalId ? users.ids.get(o.userExternalId) : null;
    if (userId === undefined) check.fail(`input[${i}].userExternalId`, `unknown user "${o.userExternalId}"`);
    const productIds = o.lines.map((line, j) => {
      const id = products.ids.get(line.productExternalId);
      const field = `input[${i}].lines[${j}].productExternalId`;
      if (id === undefined) check.fail(field, `unknown product "${line.productExternalId}"`);
      return id ?? '';
    });
    return { input: o, userId: userId ?? null, productIds };
  });
  check.throwIfFailed();
  return resolved;
}

function upsertOrderParams(orders: readonly ResolvedOrder[]): unknown[] {
  return [
    orders.map((o) => o.input.externalId),
    orders.map((o) => o.userId),
    orders.map((o) => o.input.placedAt.toISOString()),
    orders.map((o) => orderTotal(o.input.lines)),
    orders.map((o) => o.input.cancelled ?? false),
    orders.map((o) => o.input.country ?? null),
  ];
}

/** Line rows (1-based line numbers) and the events the lines imply, for the written orders. */
function linesAndEvents(
  orders: readonly ResolvedOrder[],
  ids: Map<string, string>,
): { lines: unknown[][]; events: OrderEvent[] } {
  const lines: unknown[][] = [[], [], [], [], [], []];
  const events: OrderEvent[] = [];
  for (const order of orders) {
    const { input } = order;
    const placedAt = input.placedAt.toISOString();
    input.lines.forEach((line, j) => {
      const row = [ids.get(input.externalId), j + 1, order.productIds[j], line.quantity, line.unitPrice, placedAt];
      row.forEach((value, c) => lines[c].push(value));
      if (order.userId === null || input.cancelled) return;
      events.push({
        eventId: orderLineEventId(input.externalId, j + 1),
        userId: order.userId,
        productId: order.productIds[j],
        type: line.quantity > 0 ? 'PURCHASE' : 'RETURN',
        quantity: Math.abs(line.quantity),
        price: line.unitPrice,
        occurredAt: input.placedAt,
      });
    });
  }
  return { lines, events };
}

/** The orders of the batch that are new or differ from the stored ones (locking the stored ones). */
async function changedOrders(tx: RequestContext, resolved: readonly ResolvedOrder[]): Promise<ResolvedOrder[]> {
  const stored = await query<StoredOrder>(tx, STORED_ORDERS, [resolved.map((o) => o.input.externalId)]);
  const byExternal = new Map(stored.map((o) => [o.external_id, o]));
  return resolved.filter((o) => {
    const before = byExternal.get(o.input.externalId);
    return !before || !isUnchanged(o, before);
  });
}

/**
 * Writes new and changed orders: upserts the order rows, deletes the lines of those that existed (an order a
 * concurrent request inserted meanwhile counts as existing), inserts the lines, and syncs the implied events.
 */
async function writeOrders(
  tx: RequestContext,
  written: readonly ResolvedOrder[],
): Promise<{ created: number; updated: number }> {
  const upserted = await query<{ id: string; external_id: string; inserted: boolean }>(
    tx,
    UPSERT_ORDERS,
    upsertOrderParams(written),
  );
  const ids = new Map(upserted.map((row) => [row.external_id, row.id]));
  const replaced = upserted.filter((row) => !row.inserted);
  const old = await query<{ external_id: string; line_no: number }>(tx, DELETE_LINES, [replaced.map((row) => row.id)]);
  const { lines, events } = linesAndEvents(written, ids);
  await execute(tx, INSERT_LINES, lines);
  await syncOrderEvents(tx, events, old.map((row) => orderLineEventId(row.external_id, row.line_no)));
  return { created: upserted.length - replaced.length, updated: replaced.length };
}

/** Ingests orders (`recordOrders`). */
export class OrderIngestService {
  /** `changes` hears that users' purchases changed once the batch has committed (serving caches listen). */
  constructor(private readonly changes?: ChangeFeed) {}

  /**
   * Records orders idempotently by externalId in one transaction: validates every order first (one bad row
   * rejects the batch), leaves orders identical to the stored ones untouched, and for new or changed orders
   * writes the order, replaces its lines (placed_at = the order's placedAt) and syncs its PURCHASE/RETURN events.
   */
  async record(ctx: RequestContext, input: readonly OrderInput[], createMissing = false): Promise<UpsertCounts> {
    const check = checkOrders(input, ctx.limits.maxBatch);
    if (input.length === 0) return { ...NOTHING_UPSERTED };
    const counts = await withTransaction(ctx, async (tx) => {
      const resolved = await resolveOrders(tx, input, createMissing, check);
      const written = await changedOrders(tx, resolved);
      const { created, updated } = written.length > 0 ? await writeOrders(tx, written) : { created: 0, updated: 0 };
      return { created, updated, unchanged: input.length - created - updated, total: input.length };
    });
    if (counts.created + counts.updated > 0) this.changes?.emit('user-activity');
    return counts;
  }
}
