import type { PoolClient } from 'pg';
import type { MergeCounts } from './import.types';
import { createStageTable, runCount, runUpsert } from './staging';

/**
 * The SQL half of the Online Retail import: staging tables and the set-based statements that merge them into
 * users, products, orders, order_lines and events, joining on external ids. Every statement is idempotent:
 * unchanged rows are left alone (so a rerun reports nothing created or updated), events are insert-only.
 */

export const STAGE = {
  lines: 'or_stage_lines',
  users: 'or_stage_users',
  products: 'or_stage_products',
  orders: 'or_stage_orders',
} as const;

/** Creates the staging table the line stream is COPYed into (before the file is read). */
export async function createLineStage(client: PoolClient): Promise<void> {
  await createStageTable(
    client,
    STAGE.lines,
    `invoice text NOT NULL, line_no integer NOT NULL, stock_code text NOT NULL, quantity integer NOT NULL,
     unit_price numeric(14,4) NOT NULL, occurred_at timestamptz NOT NULL, event_type text`,
  );
}

/** Creates the staging tables for the aggregated users, products and orders (after the file is read). */
export async function createDimensionStages(client: PoolClient): Promise<void> {
  await createStageTable(client, STAGE.users, `external_id text PRIMARY KEY, country text, attributes jsonb NOT NULL`);
  await createStageTable(
    client,
    STAGE.products,
    `external_id text PRIMARY KEY, name text NOT NULL, price numeric(14,4) NOT NULL, active boolean NOT NULL,
     attributes jsonb NOT NULL`,
  );
  await createStageTable(
    client,
    STAGE.orders,
    `external_id text PRIMARY KEY, customer text, placed_at timestamptz NOT NULL, total numeric(16,4) NOT NULL,
     cancelled boolean NOT NULL, country text, line_count integer NOT NULL`,
  );
}

const UPSERT_USERS = `
  INSERT INTO users AS t (external_id, country, attributes)
  SELECT external_id, country, attributes FROM ${STAGE.users}
  ON CONFLICT (external_id) DO UPDATE
    SET country = EXCLUDED.country,
        attributes = COALESCE(t.attributes, '{}'::jsonb) || EXCLUDED.attributes,
        updated_at = now()
    WHERE t.country IS DISTINCT FROM EXCLUDED.country
       OR NOT (COALESCE(t.attributes, '{}'::jsonb) @> EXCLUDED.attributes)
  RETURNING (xmax = 0) AS inserted`;

const UPSERT_PRODUCTS = `
  INSERT INTO products AS t (external_id, name, price, active, attributes)
  SELECT external_id, name, price, active, attributes FROM ${STAGE.products}
  ON CONFLICT (external_id) DO UPDATE
    SET name = EXCLUDED.name, price = EXCLUDED.price, active = EXCLUDED.active,
        attributes = COALESCE(t.attributes, '{}'::jsonb) || EXCLUDED.attributes,
        updated_at = now()
    WHERE (t.name, t.price, t.active) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.price, EXCLUDED.active)
       OR NOT (COALESCE(t.attributes, '{}'::jsonb) @> EXCLUDED.attributes)
  RETURNING (xmax = 0) AS inserted`;

const UPSERT_ORDERS = `
  INSERT INTO orders AS t (external_id, user_id, placed_at, total, cancelled, country)
  SELECT s.external_id, u.id, s.placed_at, s.total, s.cancelled, s.country
  FROM ${STAGE.orders} s LEFT JOIN users u ON u.external_id = s.customer
  ON CONFLICT (external_id) DO UPDATE
    SET user_id = EXCLUDED.user_id, placed_at = EXCLUDED.placed_at, total = EXCLUDED.total,
        cancelled = EXCLUDED.cancelled, country = EXCLUDED.country
    WHERE (t.user_id, t.placed_at, t.total, t.cancelled, t.country)
          IS DISTINCT FROM (EXCLUDED.user_id, EXCLUDED.placed_at, EXCLUDED.total, EXCLUDED.cancelled, EXCLUDED.country)
  RETURNING (xmax = 0) AS inserted`;

/** Lines take their order's time (order_lines.placed_at repeats it for demand series). */
const UPSERT_LINES = `
  INSERT INTO order_lines AS t (order_id, line_no, product_id, quantity, unit_price, placed_at)
  SELECT o.id, s.line_no, p.id, s.quantity, s.unit_price, o.placed_at
  FROM ${STAGE.lines} s
  JOIN orders o ON o.external_id = s.invoice
  JOIN products p ON p.external_id = s.stock_code
  ON CONFLICT (order_id, line_no) DO UPDATE
    SET product_id = EXCLUDED.product_id, quantity = EXCLUDED.quantity, unit_price = EXCLUDED.unit_price,
        placed_at = EXCLUDED.placed_at
    WHERE (t.product_id, t.quantity, t.unit_price, t.placed_at)
          IS DISTINCT FROM (EXCLUDED.product_id, EXCLUDED.quantity, EXCLUDED.unit_price, EXCLUDED.placed_at)
  RETURNING (xmax = 0) AS inserted`;

/** An invoice that now has fewer lines than before loses the extra ones. */
const DELETE_STALE_LINES = `
  DELETE FROM order_lines l
  USING ${STAGE.orders} s JOIN orders o ON o.external_id = s.external_id
  WHERE l.order_id = o.id AND l.line_no > s.line_count`;

/** Events are signals, written once: the deterministic event_id makes a rerun insert nothing. */
const INSERT_EVENTS = `
  INSERT INTO events (event_id, user_id, product_id, type, quantity, price, occurred_at)
  SELECT 'or:' || s.invoice || ':' || s.line_no, o.user_id, p.id, s.event_type, abs(s.quantity), s.unit_price,
         s.occurred_at
  FROM ${STAGE.lines} s
  JOIN orders o ON o.external_id = s.invoice
  JOIN products p ON p.external_id = s.stock_code
  WHERE s.event_type IS NOT NULL AND o.user_id IS NOT NULL
  ON CONFLICT (event_id) DO NOTHING`;

/** One merge step; the steps run in MERGE_STEPS order (users and products before the orders that reference them). */
type MergeStep = (client: PoolClient, counts: MergeCounts) => Promise<void>;

async function mergeUsers(client: PoolClient, counts: MergeCounts): Promise<void> {
  ({ created: counts.created.users, updated: counts.updated.users } = await runUpsert(client, UPSERT_USERS));
}

async function mergeProducts(client: PoolClient, counts: MergeCounts): Promise<void> {
  ({ created: counts.created.products, updated: counts.updated.products } = await runUpsert(client, UPSERT_PRODUCTS));
}

async function mergeOrders(client: PoolClient, counts: MergeCounts): Promise<void> {
  ({ created: counts.created.orders, updated: counts.updated.orders } = await runUpsert(client, UPSERT_ORDERS));
}

async function mergeLines(client: PoolClient, counts: MergeCounts): Promise<void> {
  ({ created: counts.created.orderLines, updated: counts.updated.orderLines } = await runUpsert(client, UPSERT_LINES));
  counts.removed.orderLines = await runCount(client, DELETE_STALE_LINES);
}

async function insertEvents(client: PoolClient, counts: MergeCounts): Promise<void> {
  counts.created.events = await runCount(client, INSERT_EVENTS);
}

/** The merge, step by step, named for progress and timing. */
export const MERGE_STEPS: ReadonlyArray<readonly [string, MergeStep]> = [
  ['users', mergeUsers],
  ['products', mergeProducts],
  ['orders', mergeOrders],
  ['order lines', mergeLines],
  ['events', insertEvents],
];
