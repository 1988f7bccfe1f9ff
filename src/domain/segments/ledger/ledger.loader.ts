import type { PoolClient } from 'pg';
import { copyOutBinary, copyOutColumns, type BinaryColumnType } from '../../../data/bulk/copy-out';
import { GrowableColumn, IdIndex } from '../../../data/bulk/id-index';
import { withSnapshotClients, type BulkContext } from '../../common/pooled-client';
import { groupByUser, type CustomerLedger } from './customer-ledger';

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

/** Orders of known users (one row each), with the user's raw id, and the bought units per department to credit. */
interface RawOrders {
  ids: Float64Array;
  users: Float64Array;
  atMs: Float64Array;
  cancelled: Uint8Array;
  net: Float64Array;
  lineSpend: Float64Array;
  unitsBought: Float64Array;
  unitsReturned: Float64Array;
  /** (order row, department, units) for every bought line of a non-cancelled order. */
  interest: { orders: Float64Array; departments: Float64Array; units: Float64Array };
}

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

/**
 * Folds each order's lines into its row: spend, units bought and returned, and the departments a non-cancelled
 * order's bought units credit. The two tables are read whole, side by side, and joined here by order id: two
 * sequential scans cost PostgreSQL about half of a join in id order, which was the refresh's critical path.
 */
function foldOrders(heads: Float64Array[], lines: Float64Array[], departmentOf: (productId: number) => number): RawOrders {
  const ids = heads[0];
  const cancelled = Uint8Array.from(heads[3]);
  const n = ids.length;
  const [lineCount, lineSpend, unitsBought, unitsReturned] = [new Int32Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const orderIndex = new IdIndex(ids);
  const [orders, quantities, prices, products] = lines;
  const grow = () => new GrowableColumn(orders.length);
  const interest = { orders: grow(), departments: grow(), units: grow() };
  for (let i = 0; i < orders.length; i++) {
    const row = orderIndex.get(orders[i]);
    if (row < 0) continue; // a line of an order placed after asOf, or of a guest
    const q = quantities[i];
    lineCount[row]++;
    lineSpend[row] += q * prices[i];
    if (cancelled[row]) continue;
    if (q > 0) {
      unitsBought[row] += q;
      interest.orders.push(row);
      interest.departments.push(departmentOf(products[i]));
      interest.units.push(q);
    } else unitsReturned[row] -= q;
  }
  const total = heads[4];
  const net = new Float64Array(n);
  for (let row = 0; row < n; row++) net[row] = lineCount[row] === 0 ? total[row] : lineSpend[row];
  return {
    ids, users: heads[1], atMs: heads[2], cancelled, net, lineSpend, unitsBought, unitsReturned,
    interest: { orders: interest.orders.values(), departments: interest.departments.values(), units: interest.units.values() },
  };
}

interface Catalogue {
  users: { ids: Float64Array; countries: Array<string | null> };
  /** (raw user id, department, count) of browsing events that show interest. */
  touches: { users: GrowableColumn; departments: GrowableColumn; counts: GrowableColumn };
}

/** The department (top-level category) of each product, by product id, and of each root category id. */
interface Departments {
  departments: CustomerLedger['departments'];
  ofRoot: (root: number | null) => number;
  ofProduct: (productId: number) => number;
}

/** Top-level categories ('' for products without one) ordered by id as text (the behaviour table's column order), and every product's. */
async function readDepartments(client: PoolClient): Promise<Departments> {
  const roots = (await client.query<{ id: string; name: string }>(`SELECT id::text AS id, name FROM categories WHERE parent_id IS NULL`)).rows;
  const departments = [{ id: '', name: 'uncategorised' }, ...roots].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const position = new Map(departments.map((d, i) => [d.id, i]));
  const uncategorised = position.get('')!;
  const ofRoot = (root: number | null) => (root === null ? uncategorised : position.get(String(root)) ?? uncategorised);
  const productIds = new GrowableColumn();
  const productDepartments = new GrowableColumn();
  await copyOutBinary(client, `${ROOTS_CTE} SELECT p.id, r.root FROM products p LEFT JOIN roots r ON r.id = p.category_id`, ['int8', 'int8'], (v) => {
    productIds.push(v[0] as number);
    productDepartments.push(ofRoot(v[1] as number | null));
  });
  const index = new IdIndex(productIds.values());
  const byRow = productDepartments.values();
  const ofProduct = (productId: number) => {
    const row = index.get(productId);
    return row < 0 ? uncategorised : byRow[row];
  };
  return { departments, ofRoot, ofProduct };
}

/** Users (ascending id, with their country) and browsing per (user, department). */
async function readUsers(client: PoolClient, asOf: Date, departmentOf: (root: number | null) => number): Promise<Catalogue> {
  const read = await copyOutColumns(client, `SELECT id, country FROM users`, ['int8', 'text'], await expectedRows(client, 'users'));
  const [rawIds, rawCountries] = [read.numbers(0), read.texts(1)];
  const ids = Float64Array.from(rawIds).sort();
  const userIndex = new IdIndex(ids);
  const countries = new Array<string | null>(ids.length).fill(null);
  rawIds.forEach((id, i) => (countries[userIndex.get(id)] = rawCountries[i]));

  const touches = { users: new GrowableColumn(), departments: new GrowableColumn(), counts: new GrowableColumn() };
  await copyOutBinary(
    client,
    `${ROOTS_CTE}
     SELECT e.user_id, r.root, count(*) FROM events e JOIN products p ON p.id = e.product_id LEFT JOIN roots r ON r.id = p.category_id
     WHERE e.occurred_at < ${timestampLiteral(asOf)} AND e.type IN ${INTEREST_EVENTS} GROUP BY 1, 2`,
    ['int8', 'int8', 'int8'],
    (v) => {
      touches.users.push(v[0] as number);
      touches.departments.push(departmentOf(v[1] as number | null));
      touches.counts.push(v[2] as number);
    },
  );
  return { users: { ids, countries }, touches };
}

/**
 * Reads the ledger as of `asOf` (orders placed strictly before it, of known users) with binary COPY on three
 * connections side by side that share one snapshot: orders, their lines, and users with their browsing.
 */
export async function loadCustomerLedger(ctx: BulkContext, asOf: Date): Promise<CustomerLedger> {
  return withSnapshotClients(ctx, 3, async ([first, second, third]) => {
    const { departments, ofRoot, ofProduct } = await readDepartments(first);
    const [heads, lines, catalogue] = await Promise.all([readOrderHeads(first, asOf), readOrderLines(second), readUsers(third, asOf, ofRoot)]);
    return assemble(asOf, departments, foldOrders(heads, lines, ofProduct), catalogue);
  });
}

function assemble(asOf: Date, departments: CustomerLedger['departments'], orders: RawOrders, catalogue: Catalogue): CustomerLedger {
  const { ids: userIds, countries } = catalogue.users;
  const userIndex = new IdIndex(userIds);
  const orderUsers = orders.users;
  const n = orderUsers.length;
  const user = new Int32Array(n);
  for (let i = 0; i < n; i++) user[i] = userIndex.get(orderUsers[i]);

  const d = departments.length;
  const interest = new Float32Array(userIds.length * d);
  const credit = (u: number, department: number, amount: number) => {
    if (u >= 0) interest[u * d + department] += amount;
  };
  const bought = orders.interest;
  const [boughtOrders, boughtDepartments, units] = [bought.orders, bought.departments, bought.units];
  for (let i = 0; i < boughtOrders.length; i++) credit(user[boughtOrders[i]], boughtDepartments[i], units[i]);
  const t = catalogue.touches;
  const [touchUsers, touchDepartments, counts] = [t.users.values(), t.departments.values(), t.counts.values()];
  for (let i = 0; i < touchUsers.length; i++) credit(userIndex.get(touchUsers[i]), touchDepartments[i], counts[i]);

  // an order whose user was deleted while it was read has no position: leave it out
  const keep = user.every((u) => u >= 0) ? null : Int32Array.from(user.keys()).filter((i) => user[i] >= 0);
  const pick = <T extends Float64Array | Uint8Array | Int32Array>(column: T): T => {
    if (!keep) return column;
    const out = new (column.constructor as new (length: number) => T)(keep.length);
    keep.forEach((row, i) => (out[i] = column[row]));
    return out;
  };
  const grouped = groupByUser(userIds.length, {
    user: pick(user),
    orderIds: pick(orders.ids),
    atMs: pick(orders.atMs),
    net: pick(orders.net),
    cancelled: pick(orders.cancelled),
    lineSpend: pick(orders.lineSpend),
    unitsBought: pick(orders.unitsBought),
    unitsReturned: pick(orders.unitsReturned),
  });
  return {
    asOfMs: asOf.getTime(),
    userIds: Array.from(userIds, (id) => String(id)),
    countries,
    departments,
    interest,
    ...grouped,
  };
}
