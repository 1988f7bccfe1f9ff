import type { PoolClient } from 'pg';
import { copyOutColumns, type BinaryColumnType } from '../../../data/bulk/copy-out';
import { IdIndex } from '../../../data/bulk/id-index';
import { withSnapshotClients, type BulkContext } from '../../common/pooled-client';
import { nextTurn } from '../../common/next-turn';
import { groupOrderRows, type CustomerLedger } from './customer-ledger';

/** Every category with the top-level category it belongs to. */
const ROOTS_CTE = `WITH RECURSIVE roots AS (
    SELECT id, id AS root FROM categories WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, r.root FROM categories c JOIN roots r ON c.parent_id = r.id
  )`;

/** Browsing that shows interest in a department (not returns, dislikes or cart removals). */
const INTEREST_EVENTS = `('VIEW', 'CLICK', 'ADD_TO_CART', 'PURCHASE', 'RATING', 'WISHLIST')`;

/** A timestamp literal for COPY, which takes no parameters (an ISO string from a Date: nothing to escape). */
const timestampLiteral = (at: Date): string => `'${at.toISOString()}'::timestamptz`;

/** Room for a read of `table` whole: the planner's row count (as of the last ANALYZE) with a margin. */
async function expectedRows(client: PoolClient, table: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = $1::regclass`, [table]);
  return 1.05 * (rows[0]?.n ?? 0) + 1024;
}

/** A whole-table read, decoded into columns as it streams (room for the table's planner row count). */
async function readColumns(client: PoolClient, table: string, select: string, types: readonly BinaryColumnType[]): Promise<Float64Array[]> {
  const read = await copyOutColumns(client, select, types, await expectedRows(client, table));
  return types.map((_, i) => read.numbers(i));
}

/** Every order of a known user placed before `asOf`, in table order: id, user, placed at (ms), cancelled, total. */
async function readOrderHeads(client: PoolClient, asOf: Date): Promise<Float64Array[]> {
  return readColumns(
    client,
    'orders',
    `SELECT id, user_id, placed_at, cancelled, total FROM orders WHERE user_id IS NOT NULL AND placed_at < ${timestampLiteral(asOf)}`,
    ['int8', 'int8', 'timestamptz', 'bool', 'numeric'],
  );
}

/** Every order line (of any order: the heads decide which count), in table order: order, quantity, price, product. */
async function readOrderLines(client: PoolClient): Promise<Float64Array[]> {
  return readColumns(client, 'order_lines', `SELECT order_id, quantity, unit_price, product_id FROM order_lines`, ['int8', 'int4', 'numeric', 'int8']);
}

interface Catalogue {
  users: { ids: Float64Array; countries: Array<string | null> };
  /** (raw user id, department, count) of browsing events that show interest. */
  touches: { users: Float64Array; departments: Int32Array; counts: Float64Array };
}

/** The department (top-level category) of each product, by product id, and of each root category id. */
interface Departments {
  departments: CustomerLedger['departments'];
  /** A root category id (NaN for none) → its department. */
  ofRoot: (root: number) => number;
  ofProduct: (productId: number) => number;
}

/** Top-level categories ('' for products without one) ordered by id as text (the behaviour table's column order), and every product's. */
async function readDepartments(client: PoolClient): Promise<Departments> {
  const roots = (await client.query<{ id: string; name: string }>(`SELECT id::text AS id, name FROM categories WHERE parent_id IS NULL`)).rows;
  const departments = [{ id: '', name: 'uncategorised' }, ...roots].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const position = new Map(departments.map((d, i) => [d.id, i]));
  const uncategorised = position.get('')!;
  const ofRoot = (root: number) => (Number.isNaN(root) ? uncategorised : position.get(String(root)) ?? uncategorised);
  const products = await copyOutColumns(client, `${ROOTS_CTE} SELECT p.id, r.root FROM products p LEFT JOIN roots r ON r.id = p.category_id`, ['int8', 'int8']);
  const index = new IdIndex(products.numbers(0));
  const byRow = Int32Array.from(products.numbers(1), ofRoot);
  const ofProduct = (productId: number) => {
    const row = index.get(productId);
    return row < 0 ? uncategorised : byRow[row];
  };
  return { departments, ofRoot, ofProduct };
}

/** Users (ascending id, with their country) and browsing per (user, department). */
async function readUsers(client: PoolClient, asOf: Date, departmentOf: (root: number) => number): Promise<Catalogue> {
  const read = await copyOutColumns(client, `SELECT id, country FROM users`, ['int8', 'text'], await expectedRows(client, 'users'));
  const [rawIds, rawCountries] = [read.numbers(0), read.texts(1)];
  const ids = Float64Array.from(rawIds).sort();
  const userIndex = new IdIndex(ids);
  const countries = new Array<string | null>(ids.length).fill(null);
  rawIds.forEach((id, i) => (countries[userIndex.get(id)] = rawCountries[i]));

  const touched = await copyOutColumns(
    client,
    `${ROOTS_CTE}
     SELECT e.user_id, r.root, count(*) FROM events e JOIN products p ON p.id = e.product_id LEFT JOIN roots r ON r.id = p.category_id
     WHERE e.occurred_at < ${timestampLiteral(asOf)} AND e.type IN ${INTEREST_EVENTS} GROUP BY 1, 2`,
    ['int8', 'int8', 'int8'],
  );
  const touches = { users: touched.numbers(0), departments: Int32Array.from(touched.numbers(1), departmentOf), counts: touched.numbers(2) };
  return { users: { ids, countries }, touches };
}

/**
 * Reads the ledger as of `asOf` (orders placed strictly before it, of known users) with binary COPY on three
 * connections side by side that share one snapshot: orders, their lines, and users with their browsing.
 */
export async function loadCustomerLedger(ctx: BulkContext, asOf: Date): Promise<CustomerLedger> {
  // the connections go back to the pool (and their snapshot ends) before the assembly
  const { departments, reads, catalogue } = await withSnapshotClients(ctx, 3, async ([first, second, third]) => {
    const { departments, ofRoot, ofProduct } = await readDepartments(first);
    const [heads, lines, catalogue] = await Promise.all([readOrderHeads(first, asOf), readOrderLines(second), readUsers(third, asOf, ofRoot)]);
    return { departments, reads: { heads, lines, ofProduct }, catalogue };
  });
  return assemble(asOf, departments, reads, catalogue);
}

/** The two order reads, and the department of each product. */
interface OrderReads {
  /** id, user id, placed at (ms), cancelled, total: see readOrderHeads. */
  heads: Float64Array[];
  /** order id, quantity, unit price, product id: see readOrderLines. */
  lines: Float64Array[];
  ofProduct: (productId: number) => number;
}

/**
 * Builds the ledger: orders grouped by user (see groupOrderRows), then every line folded straight into its order's
 * grouped position (spend, units bought and returned) and into its user's interest per department. The two tables
 * are read whole, side by side, and joined here by order id: two sequential scans cost PostgreSQL about half of a
 * join in id order, which was the refresh's critical path; and folding into final positions allocates no per-order
 * columns only to reorder them (fresh memory is slow to touch on these machines).
 */
async function assemble(asOf: Date, departments: CustomerLedger['departments'], reads: OrderReads, catalogue: Catalogue): Promise<CustomerLedger> {
  const { ids: userIds, countries } = catalogue.users;
  const userIndex = new IdIndex(userIds);
  const [orderIds, orderUsers, placedAt, cancelledFlags, totals] = reads.heads;
  const n = orderIds.length;
  // an order whose user was deleted while it was read has no position (-1) and is left out
  const user = new Int32Array(n);
  for (let i = 0; i < n; i++) user[i] = userIndex.get(orderUsers[i]);
  const { start, order } = groupOrderRows(userIds.length, user, placedAt, orderIds);
  await nextTurn(); // each step below is a pass over millions of rows: requests queued meanwhile go first
  const k = order.length;
  const position = new Int32Array(n).fill(-1);
  const atMs = new Float64Array(k);
  const cancelled = new Uint8Array(k);
  for (let p = 0; p < k; p++) {
    const row = order[p];
    position[row] = p;
    atMs[p] = placedAt[row];
    cancelled[p] = cancelledFlags[row];
  }

  const d = departments.length;
  const interest = new Float32Array(userIds.length * d);
  const [lineCount, lineSpend, unitsBought, unitsReturned] = [new Int32Array(k), new Float64Array(k), new Float64Array(k), new Float64Array(k)];
  const orderIndex = new IdIndex(orderIds);
  const [lineOrders, quantities, prices, products] = reads.lines;
  for (let i = 0; i < lineOrders.length; i++) {
    const row = orderIndex.get(lineOrders[i]);
    const p = row < 0 ? -1 : position[row];
    if (p < 0) continue; // a line of an order placed after asOf, of a guest, or of a user gone meanwhile
    const q = quantities[i];
    lineCount[p]++;
    lineSpend[p] += q * prices[i];
    if (cancelled[p]) continue;
    if (q > 0) {
      unitsBought[p] += q;
      interest[user[row] * d + reads.ofProduct(products[i])] += q;
    } else unitsReturned[p] -= q;
  }
  const net = new Float64Array(k);
  for (let p = 0; p < k; p++) net[p] = lineCount[p] === 0 ? totals[order[p]] : lineSpend[p];
  await nextTurn();

  const t = catalogue.touches;
  const [touchUsers, touchDepartments, counts] = [t.users, t.departments, t.counts];
  for (let i = 0; i < touchUsers.length; i++) {
    const u = userIndex.get(touchUsers[i]);
    if (u >= 0) interest[u * d + touchDepartments[i]] += counts[i];
  }
  return {
    asOfMs: asOf.getTime(),
    userIds: Array.from(userIds, (id) => String(id)),
    countries,
    departments,
    interest,
    start, atMs, net, cancelled, lineSpend, unitsBought, unitsReturned,
  };
}
