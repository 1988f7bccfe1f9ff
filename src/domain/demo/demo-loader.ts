import type { PoolClient } from 'pg';
import { withBulkLoadWindow } from '../../data/bulk/bulk-load';
import { copyRows, type CopyValue } from '../../data/bulk/copy';
import type { DemoShop } from './demo.types';
import { DEMO_TRUTH_KEY } from './truth';

/** Tables the demo shop writes; it loads only when all of them are empty. */
export const DEMO_TABLES = ['categories', 'users', 'products', 'orders', 'order_lines', 'events'] as const;

const COLUMNS = {
  categories: ['id', 'external_id', 'name', 'parent_id'],
  users: ['id', 'external_id', 'email', 'country', 'created_at', 'updated_at'],
  products: ['id', 'external_id', 'name', 'category_id', 'price', 'cost', 'stock', 'active', 'attributes'],
  orders: ['id', 'external_id', 'user_id', 'placed_at', 'total', 'cancelled', 'country'],
  order_lines: ['order_id', 'line_no', 'product_id', 'quantity', 'unit_price', 'placed_at'],
  events: ['event_id', 'user_id', 'product_id', 'type', 'value', 'quantity', 'price', 'occurred_at'],
} as const;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** External id → database id of one table, failing loudly on a dangling reference. */
class IdMap {
  private readonly ids: Map<string, string>;

  constructor(
    private readonly what: string,
    externalIds: readonly string[],
    ids: readonly string[],
  ) {
    this.ids = new Map(externalIds.map((externalId, i) => [externalId, ids[i]]));
  }

  get(externalId: string): string {
    const id = this.ids.get(externalId);
    if (id === undefined) throw new Error(`demo shop refers to an unknown ${this.what} ${externalId}`);
    return id;
  }
}

/**
 * Takes ids from a table's identity sequence for the given external ids. The rows are then COPYed with these
 * explicit ids, so no INSERT … RETURNING round trip is needed and the sequence stays ahead of every id used
 * (concurrent writers get other values; the ids need not be contiguous).
 */
async function reserveIds(client: PoolClient, table: string, externalIds: readonly string[]): Promise<IdMap> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT nextval(pg_get_serial_sequence($1, 'id'))::text AS id FROM generate_series(1, $2::int)`,
    [table, externalIds.length],
  );
  return new IdMap(table, externalIds, rows.map((r) => r.id));
}

function* mapRows<T>(items: readonly T[], toRow: (item: T) => CopyValue[]): Generator<CopyValue[]> {
  for (const item of items) yield toRow(item);
}

async function writeCatalog(client: PoolClient, shop: DemoShop): Promise<IdMap> {
  const categoryIds = await reserveIds(client, 'categories', shop.categories.map((c) => c.externalId));
  await copyRows(client, 'categories', COLUMNS.categories, mapRows(shop.categories, (c) => [
    categoryIds.get(c.externalId),
    c.externalId,
    c.name,
    c.parentExternalId === null ? null : categoryIds.get(c.parentExternalId),
  ]));
  const productIds = await reserveIds(client, 'products', shop.products.map((p) => p.externalId));
  await copyRows(client, 'products', COLUMNS.products, mapRows(shop.products, (p) => [
    productIds.get(p.externalId),
    p.externalId,
    p.name,
    categoryIds.get(p.categoryExternalId),
    p.price,
    p.cost,
    p.stock,
    p.active,
    p.attributes,
  ]));
  return productIds;
}

async function writeUsers(client: PoolClient, shop: DemoShop): Promise<IdMap> {
  const userIds = await reserveIds(client, 'users', shop.users.map((u) => u.externalId));
  await copyRows(client, 'users', COLUMNS.users, mapRows(shop.users, (u) => [
    userIds.get(u.externalId),
    u.externalId,
    u.email,
    u.country,
    iso(u.createdAt),
    iso(u.createdAt),
  ]));
  return userIds;
}

async function writeOrders(client: PoolClient, shop: DemoShop, userIds: IdMap, productIds: IdMap): Promise<void> {
  const orderIds = await reserveIds(client, 'orders', shop.orders.map((o) => o.externalId));
  await copyRows(client, 'orders', COLUMNS.orders, mapRows(shop.orders, (o) => [
    orderIds.get(o.externalId),
    o.externalId,
    userIds.get(o.userExternalId),
    iso(o.placedAt),
    o.total,
    o.cancelled,
    o.country,
  ]));
  await copyRows(client, 'order_lines', COLUMNS.order_lines, mapRows(shop.lines, (l) => [
    orderIds.get(l.orderExternalId),
    l.lineNo,
    productIds.get(l.productExternalId),
    l.quantity,
    l.unitPrice,
    iso(l.placedAt),
  ]));
}

async function writeEvents(client: PoolClient, shop: DemoShop, userIds: IdMap, productIds: IdMap): Promise<void> {
  await copyRows(client, 'events', COLUMNS.events, mapRows(shop.events, (e) => [
    e.eventId,
    userIds.get(e.userExternalId),
    productIds.get(e.productExternalId),
    e.type,
    e.value,
    e.quantity,
    e.price,
    iso(e.occurredAt),
  ]));
}

/**
 * Writes a generated shop and its truth with COPY on the caller's client. The caller owns the transaction
 * (and the decision that the database may receive the shop): this only writes.
 */
export async function writeDemoShop(client: PoolClient, shop: DemoShop): Promise<void> {
  // COPY into empty tables, no ON CONFLICT: unique indexes can go too and are re-checked when re-created.
  await withBulkLoadWindow(
    client,
    DEMO_TABLES,
    async () => {
      const productIds = await writeCatalog(client, shop);
      const userIds = await writeUsers(client, shop);
      await writeOrders(client, shop, userIds, productIds);
      await writeEvents(client, shop, userIds, productIds);
    },
    { dropUniqueIndexes: true },
  );
  await client.query(
    `INSERT INTO aisle_meta (key, value, updated_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [DEMO_TRUTH_KEY, JSON.stringify(shop.truth)],
  );
}

/** The demo tables that hold rows (none for a database the demo shop may load into). */
export async function nonEmptyTables(client: PoolClient): Promise<string[]> {
  const checks = DEMO_TABLES.map((t) => `SELECT '${t}' AS name WHERE EXISTS (SELECT 1 FROM ${t})`).join(' UNION ALL ');
  const { rows } = await client.query<{ name: string }>(checks);
  return rows.map((r) => r.name);
}
