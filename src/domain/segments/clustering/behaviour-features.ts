import type { RequestContext } from '../../common/request-context';
import { query } from '../../common/sql';
import type { ClusterInput } from './behaviour-clusters';

/** Countries with their own indicator column; the rest share `country_other`. */
const MAX_COUNTRIES = 12;
/** Weight of each country indicator after standardising (see loadBehaviourTable). */
const COUNTRY_WEIGHT = 0.5;

/** Per user as of a date: purchases, spend, units bought and returned, and units per top-level category. */
const BEHAVIOUR_SQL = `
  WITH RECURSIVE roots AS (
    SELECT id, id AS root FROM categories WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, r.root FROM categories c JOIN roots r ON c.parent_id = r.id
  ),
  bought AS (
    SELECT o.user_id, coalesce(r.root::text, '') AS department,
           sum(l.quantity) FILTER (WHERE l.quantity > 0 AND NOT o.cancelled)::float8 AS bought,
           (-sum(l.quantity) FILTER (WHERE l.quantity < 0 AND NOT o.cancelled))::float8 AS returned,
           sum(l.quantity * l.unit_price)::float8 AS spend,
           count(DISTINCT o.id) FILTER (WHERE l.quantity > 0 AND NOT o.cancelled)::int AS orders,
           extract(epoch FROM max(o.placed_at) FILTER (WHERE l.quantity > 0 AND NOT o.cancelled))::float8 AS last_at
    FROM orders o
    JOIN order_lines l ON l.order_id = o.id
    JOIN products p ON p.id = l.product_id
    LEFT JOIN roots r ON r.id = p.category_id
    WHERE o.user_id IS NOT NULL AND o.placed_at < $1
    GROUP BY o.user_id, r.root
  ),
  interest AS (
    SELECT e.user_id, coalesce(r.root::text, '') AS department, count(*)::float8 AS touches
    FROM events e JOIN products p ON p.id = e.product_id LEFT JOIN roots r ON r.id = p.category_id
    WHERE e.occurred_at < $1 AND e.type NOT IN ('RETURN', 'DISLIKE', 'REMOVE_FROM_CART')
    GROUP BY e.user_id, r.root
  )
  SELECT coalesce(b.user_id, i.user_id)::text AS user_id, u.country, coalesce(b.department, i.department) AS department,
         b.bought, b.returned, coalesce(b.spend, 0) AS spend, coalesce(b.orders, 0) AS orders, b.last_at,
         coalesce(i.touches, 0) AS touches
  FROM bought b
  FULL OUTER JOIN interest i ON i.user_id = b.user_id AND i.department = b.department
  JOIN users u ON u.id = coalesce(b.user_id, i.user_id)`;

interface Row {
  user_id: string;
  country: string | null;
  department: string;
  bought: number | null;
  returned: number | null;
  spend: number;
  orders: number;
  last_at: number | null;
  touches: number;
}

interface UserTally {
  country: string;
  bought: number;
  returned: number;
  spend: number;
  orders: number;
  lastAt: number;
  /** Units bought plus events (views, carts, wishlists…) per top-level category: where the interest lies. */
  departments: Map<string, number>;
}

function tally(rows: Row[]): Map<string, UserTally> {
  const users = new Map<string, UserTally>();
  for (const r of rows) {
    let t = users.get(r.user_id);
    if (!t) users.set(r.user_id, (t = { country: r.country ?? '', bought: 0, returned: 0, spend: 0, orders: 0, lastAt: -Infinity, departments: new Map() }));
    t.bought += r.bought ?? 0;
    t.returned += r.returned ?? 0;
    t.spend += r.spend;
    t.orders = Math.max(t.orders, r.orders); // an order spans departments: the largest per-department count is a floor
    if (r.last_at !== null) t.lastAt = Math.max(t.lastAt, r.last_at);
    const interest = (r.bought ?? 0) + r.touches;
    if (interest > 0) t.departments.set(r.department, (t.departments.get(r.department) ?? 0) + interest);
  }
  for (const [id, t] of users) if (t.bought <= 0) users.delete(id);
  return users;
}

function interestTotal(t: UserTally): number {
  let sum = 0;
  for (const v of t.departments.values()) sum += v;
  return sum || 1;
}

/**
 * The clustering table of the shop's customers as of `asOf`: recency, purchases, spend, basket size, return rate,
 * the share of their interest (units bought plus browsing events) per top-level category, and country indicators (the most common countries). Customers with no
 * purchase are left out. Skewed columns are clustered on log scale.
 */
export async function loadBehaviourTable(ctx: RequestContext, asOf: Date): Promise<ClusterInput> {
  const users = tally(await query<Row>(ctx, BEHAVIOUR_SQL, [asOf]));
  const categoryNames = new Map(
    (await query<{ id: string; name: string }>(ctx, `SELECT id::text AS id, name FROM categories WHERE parent_id IS NULL`)).map((r) => [r.id, r.name]),
  );
  const ids = [...users.keys()].sort((a, b) => Number(a) - Number(b));
  const departments = [...new Set(ids.flatMap((id) => [...users.get(id)!.departments.keys()]))].sort();
  const countryCounts = new Map<string, number>();
  for (const id of ids) countryCounts.set(users.get(id)!.country, (countryCounts.get(users.get(id)!.country) ?? 0) + 1);
  const countries = [...countryCounts].sort((a, b) => b[1] - a[1]).slice(0, MAX_COUNTRIES).map(([c]) => c).filter(Boolean);
  const columns = [
    'recency_days', 'frequency', 'monetary', 'basket_size', 'return_rate',
    ...departments.map((d) => `share:${categoryNames.get(d) ?? 'uncategorised'}`),
    ...countries.map((c) => `country_${c}`), 'country_other',
  ];
  const values = new Float32Array(ids.length * columns.length);
  const revenue = new Float64Array(ids.length);
  const asOfSeconds = asOf.getTime() / 1000;
  ids.forEach((id, i) => {
    const t = users.get(id)!;
    const orders = Math.max(1, t.orders);
    const row = [
      Number.isFinite(t.lastAt) ? (asOfSeconds - t.lastAt) / 86_400 : 0,
      t.orders, Math.max(0, t.spend), t.bought / orders, t.returned / t.bought,
      ...departments.map((d) => (t.departments.get(d) ?? 0) / interestTotal(t)),
      ...countries.map((c) => (t.country === c ? 1 : 0)), countries.includes(t.country) ? 0 : 1,
    ];
    values.set(row, i * columns.length);
    revenue[i] = Math.max(0, t.spend);
  });
  // country is one attribute spread over many indicator columns: together they should not outweigh the rest
  const weights = Object.fromEntries(columns.filter((c) => c.startsWith('country_')).map((c) => [c, COUNTRY_WEIGHT]));
  return { ids, columns, values, revenue, weights, logColumns: ['recency_days', 'frequency', 'monetary', 'basket_size'] };
}
