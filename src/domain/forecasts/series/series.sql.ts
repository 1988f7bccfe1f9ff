/**
 * SQL of the sales series. Every statement aggregates in PostgreSQL to one row per (key, period), so only
 * periods × keys rows travel. Which lines count (the netting rule, mirrored by series-memory.ts):
 * - lines of orders that were not cancelled, returns (negative lines) included;
 * - of a cancelled order, its negative lines (reversals, or a cancellation invoice's lines) always, and its
 *   positive lines only when the order also carries reversals — a cancelled order without any sold nothing.
 * The price basis is sales only: positive lines of orders that were not cancelled.
 */

/** $1 frame start (timestamptz), $2 frame end (timestamptz), $3 seconds per period. */
const CELLS = `
  floor(extract(epoch FROM l.placed_at - $1::timestamptz) / $3)::int AS period,
  sum(l.quantity)::float8 AS quantity,
  sum(l.quantity * l.unit_price)::float8 AS revenue,
  coalesce(sum(l.quantity) FILTER (WHERE l.quantity > 0 AND NOT o.cancelled), 0)::float8 AS sold_quantity,
  coalesce(sum(l.quantity * l.unit_price) FILTER (WHERE l.quantity > 0 AND NOT o.cancelled), 0)::float8 AS sold_revenue`;

const COUNTED = `
  l.placed_at >= $1::timestamptz AND l.placed_at < $2::timestamptz
  AND (NOT o.cancelled OR l.quantity < 0
       OR EXISTS (SELECT 1 FROM order_lines r WHERE r.order_id = l.order_id AND r.quantity < 0))`;

/** Per product ($4 product ids): reads idx_order_lines_product_time (product_id, placed_at). */
export const PRODUCT_SERIES_SQL = `
  SELECT l.product_id::text AS key, ${CELLS}
  FROM order_lines l JOIN orders o ON o.id = l.order_id
  WHERE l.product_id = ANY($4::bigint[]) AND ${COUNTED}
  GROUP BY 1, 2`;

/** Per category subtree ($4 category ids): a product counts for every requested ancestor of its category. */
export const CATEGORY_SERIES_SQL = `
  WITH RECURSIVE tree(root, id) AS (
    SELECT r, r FROM unnest($4::bigint[]) AS r
    UNION SELECT t.root, c.id FROM categories c JOIN tree t ON c.parent_id = t.id)
  SELECT t.root::text AS key, ${CELLS}
  FROM tree t
  JOIN products p ON p.category_id = t.id
  JOIN order_lines l ON l.product_id = p.id
  JOIN orders o ON o.id = l.order_id
  WHERE ${COUNTED}
  GROUP BY 1, 2`;

/** The whole shop. */
export const TOTAL_SERIES_SQL = `
  SELECT 'total' AS key, ${CELLS}
  FROM order_lines l JOIN orders o ON o.id = l.order_id
  WHERE ${COUNTED}
  GROUP BY 1, 2`;

/** First and last sale time of some products ($1 product ids). */
export const SALES_SPAN_SQL = `
  SELECT min(l.placed_at) AS first, max(l.placed_at) AS last
  FROM order_lines l WHERE l.product_id = ANY($1::bigint[])`;
