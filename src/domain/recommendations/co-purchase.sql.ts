/**
 * "Bought together" for one product ($1) in one statement. A basket is a non-cancelled order; a product is in it
 * when one of its lines has a positive quantity (returns and cancellations are negative lines or cancelled
 * orders). For every other active product b sharing at least $2 baskets with a:
 *   support    = baskets holding both,            confidence = support / baskets(a),
 *   lift       = support · N / (baskets(a) · baskets(b)),  N = all baskets.
 * Ranked by lift, then support, then id; at most $3 rows.
 *
 * Cost: a's lines come from idx_order_lines_product_time and its baskets' lines from idx_order_lines_order;
 * baskets(b) only for the candidates above the floor (again by product index); N is one pass over the lines.
 * The cancelled orders are few, so they are hashed once instead of joining orders for every line.
 * The first column says whether product $1 exists at all, so an unknown id is told apart from "no pairs" without a
 * second round trip.
 */
export const BOUGHT_TOGETHER_SQL = `
WITH cancelled AS MATERIALIZED (
  SELECT id FROM orders WHERE cancelled
), baskets AS MATERIALIZED (
  SELECT DISTINCT l.order_id FROM order_lines l
  WHERE l.product_id = $1 AND l.quantity > 0 AND l.order_id NOT IN (SELECT id FROM cancelled)
), pairs AS MATERIALIZED (
  SELECT x.product_id, count(*)::int AS support
  FROM (SELECT DISTINCT l.product_id, l.order_id FROM order_lines l
        WHERE l.order_id = ANY (ARRAY(SELECT order_id FROM baskets)) AND l.product_id <> $1 AND l.quantity > 0) x
  JOIN products p ON p.id = x.product_id AND p.active
  GROUP BY x.product_id
  HAVING count(*) >= $2
), product_baskets AS (
  SELECT x.product_id, count(*)::int AS baskets
  FROM (SELECT DISTINCT l.product_id, l.order_id FROM order_lines l
        WHERE l.product_id = ANY (ARRAY(SELECT product_id FROM pairs)) AND l.quantity > 0
          AND l.order_id NOT IN (SELECT id FROM cancelled)) x
  GROUP BY x.product_id
), totals AS (
  SELECT (SELECT count(*) FROM baskets)::float8 AS n_a,
         (SELECT count(*) FROM (SELECT DISTINCT l.order_id FROM order_lines l
           WHERE l.quantity > 0 AND l.order_id NOT IN (SELECT id FROM cancelled)) y)::float8 AS n
), ranked AS (
  SELECT s.product_id, s.support, s.support / t.n_a AS confidence, s.support * t.n / (t.n_a * pb.baskets) AS lift
  FROM pairs s
  JOIN product_baskets pb ON pb.product_id = s.product_id
  CROSS JOIN totals t
  ORDER BY lift DESC, s.support DESC, s.product_id
  LIMIT $3
)
SELECT a.known, r.product_id::text AS product_id, r.support, r.confidence, r.lift
FROM (SELECT EXISTS (SELECT 1 FROM products WHERE id = $1) AS known) a
LEFT JOIN ranked r ON a.known
ORDER BY r.lift DESC NULLS LAST, r.support DESC, r.product_id`;
