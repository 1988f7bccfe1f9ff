import type { PoolClient } from 'pg';
import { copyOutBinary, copyOutRows } from '../../../data/bulk/copy-out';
import { GrowableColumn, IdIndex } from '../../../data/bulk/id-index';
import { withPooledClient, type BulkContext } from '../../common/pooled-client';
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
  users: GrowableColumn;
  atMs: GrowableColumn;
  cancelled: GrowableColumn;
  net: GrowableColumn;
  lineSpend: GrowableColumn;
  unitsBought: GrowableColumn;
  unitsReturned: GrowableColumn;
  /** (order row, department, units) for every bought line of a non-cancelled order. */
  interest: { orders: GrowableColumn; departments: GrowableColumn; units: GrowableColumn };
}

/**
 * Every order of a known user placed before `asOf`, joined to its lines, in order id order (a merge join on the two
 * primary-key orders, so an order's lines arrive together): each order is folded into one row as its lines stream
 * past. PostgreSQL only joins; the sums happen here, which costs the server a fraction of a GROUP BY over millions
 * of lines.
 */
async function readOrders(client: PoolClient, asOf: Date, departmentOf: (productId: number) => number): Promise<RawOrders> {
  const grow = () => new GrowableColumn();
  const raw: RawOrders = {
    users: grow(), atMs: grow(), cancelled: grow(), net: grow(), lineSpend: grow(), unitsBought: grow(), unitsReturned: grow(),
    interest: { orders: grow(), departments: grow(), units: grow() },
  };
  let [current, lines, spend, bought, returned, total] = [-1, 0, 0, 0, 0, 0]; // the order being folded
  const close = () => {
    raw.net.push(lines === 0 ? total : spend);
    raw.lineSpend.push(spend);
    raw.unitsBought.push(bought);
    raw.unitsReturned.push(returned);
  };
  await copyOutRows(
    client,
    `SELECT o.id, o.user_id, o.placed_at, o.cancelled, o.total, l.quantity, l.unit_price, l.product_id
     FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
     WHERE o.user_id IS NOT NULL AND o.placed_at < ${timestampLiteral(asOf)}
     ORDER BY o.id`,
    ['int8', 'int8', 'timestamptz', 'bool', 'numeric', 'int4', 'numeric', 'int8'],
    (row) => {
      const v = row.numbers;
      if (v[0] !== current) {
        if (current >= 0) close();
        current = v[0];
        lines = spend = bought = returned = 0;
        total = v[4];
        raw.users.push(v[1]);
        raw.atMs.push(v[2]);
        raw.cancelled.push(v[3]);
      }
      if (row.nulls[5]) return; // an order without lines
      const q = v[5];
      lines++;
      spend += q * v[6];
      if (v[3]) return;
      if (q > 0) {
        bought += q;
        raw.interest.orders.push(raw.users.length - 1);
        raw.interest.departments.push(departmentOf(v[7]));
        raw.interest.units.push(q);
      } else returned -= q;
    },
  );
  if (current >= 0) close();
  return raw;
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
  const rawIds = new GrowableColumn();
  const rawCountries: Array<string | null> = [];
  await copyOutRows(client, `SELECT id, country FROM users`, ['int8', 'text'], (row) => {
    rawIds.push(row.numbers[0]);
    rawCountries.push(row.texts[1]);
  });
  const ids = Float64Array.from(rawIds.values()).sort();
  const userIndex = new IdIndex(ids);
  const countries = new Array<string | null>(ids.length).fill(null);
  rawIds.values().forEach((id, i) => (countries[userIndex.get(id)] = rawCountries[i]));

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
 * Reads the ledger as of `asOf` (orders placed strictly before it, of known users) with binary COPY on two
 * connections side by side: orders with their lines, and users with their browsing.
 */
export async function loadCustomerLedger(ctx: BulkContext, asOf: Date): Promise<CustomerLedger> {
  const { departments, ofRoot, ofProduct } = await withPooledClient(ctx, readDepartments);
  const [orders, catalogue] = await Promise.all([
    withPooledClient(ctx, (c) => readOrders(c, asOf, ofProduct)),
    withPooledClient(ctx, (c) => readUsers(c, asOf, ofRoot)),
  ]);
  return assemble(asOf, departments, orders, catalogue);
}

function assemble(asOf: Date, departments: CustomerLedger['departments'], orders: RawOrders, catalogue: Catalogue): CustomerLedger {
  const { ids: userIds, countries } = catalogue.users;
  const userIndex = new IdIndex(userIds);
  const orderUsers = orders.users.values();
  const n = orderUsers.length;
  const user = new Int32Array(n);
  for (let i = 0; i < n; i++) user[i] = userIndex.get(orderUsers[i]);

  const d = departments.length;
  const interest = new Float32Array(userIds.length * d);
  const credit = (u: number, department: number, amount: number) => {
    if (u >= 0) interest[u * d + department] += amount;
  };
  const bought = orders.interest;
  const [boughtOrders, boughtDepartments, units] = [bought.orders.values(), bought.departments.values(), bought.units.values()];
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
    atMs: pick(orders.atMs.values()),
    net: pick(orders.net.values()),
    cancelled: pick(Uint8Array.from(orders.cancelled.values())),
    lineSpend: pick(orders.lineSpend.values()),
    unitsBought: pick(orders.unitsBought.values()),
    unitsReturned: pick(orders.unitsReturned.values()),
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
