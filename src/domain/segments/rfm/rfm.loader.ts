import type { DataSource, EntityManager } from 'typeorm';
import type { RfmInput } from './rfm.types';

/** RFM inputs read from the database, with the user's external id for reports. */
export interface LoadedRfmInput extends RfmInput {
  externalId: string;
}

/**
 * Per-user RFM inputs from `orders`/`order_lines` as of `asOf` (orders placed strictly before it), set-based in one
 * statement. An order's value is Σ quantity × unit_price of its lines (its stored total when it has none), so:
 * - a purchase is an order that is not cancelled and whose net value is positive: it counts in frequency and
 *   recency;
 * - returns (separate orders with negative lines) and cancellations (Online Retail's "C" invoices, negative; the
 *   demo's cancelled orders, whose reversal lines bring them to zero) count only in monetary, which is the net
 *   value of all the user's orders;
 * - guests (user_id NULL) are left out, and so are users without a single purchase before asOf.
 */
/**
 * Every order of a known user placed before $1 with its net value: Σ quantity × unit_price of its lines, or its stored
 * total when it has none. The RFM and CLV reads both start from this CTE.
 */
export const PER_ORDER_CTE = `per_order AS (
    SELECT o.user_id, o.placed_at, o.cancelled,
           CASE WHEN count(l.id) = 0 THEN o.total ELSE sum(l.quantity * l.unit_price) END AS net
    FROM orders o
    LEFT JOIN order_lines l ON l.order_id = o.id
    WHERE o.user_id IS NOT NULL AND o.placed_at < $1
    GROUP BY o.id
  )`;

const RFM_INPUTS_SQL = `
  WITH ${PER_ORDER_CTE}
  SELECT p.user_id::text AS user_id, u.external_id,
         max(p.placed_at) FILTER (WHERE NOT p.cancelled AND p.net > 0) AS last_purchase_at,
         (count(*) FILTER (WHERE NOT p.cancelled AND p.net > 0))::int AS frequency,
         sum(p.net)::float8 AS monetary
  FROM per_order p
  JOIN users u ON u.id = p.user_id
  GROUP BY p.user_id, u.external_id
  HAVING count(*) FILTER (WHERE NOT p.cancelled AND p.net > 0) > 0
  ORDER BY p.user_id`;

interface Row {
  user_id: string;
  external_id: string;
  last_purchase_at: Date;
  frequency: number;
  monetary: number;
}

export async function loadRfmInputs(db: DataSource | EntityManager, asOf: Date): Promise<LoadedRfmInput[]> {
  const rows: Row[] = await db.query(RFM_INPUTS_SQL, [asOf]);
  return rows.map((row) => ({
    userId: row.user_id,
    externalId: row.external_id,
    lastPurchaseAt: row.last_purchase_at,
    frequency: row.frequency,
    // numeric → float8 can leave 1e-12 residue on sums of 4-decimal amounts; cents are what a report shows.
    monetary: Math.round(row.monetary * 10_000) / 10_000,
  }));
}
