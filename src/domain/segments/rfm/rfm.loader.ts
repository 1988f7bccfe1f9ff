import type { DataSource } from 'typeorm';
import { loadCustomerLedger } from '../ledger/ledger.loader';
import { rfmInputsOf } from '../ledger/ledger-measures';
import type { RfmInput } from './rfm.types';

/** RFM inputs read from the database, with the user's external id for reports. */
export interface LoadedRfmInput extends RfmInput {
  externalId: string;
}

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

/**
 * Per-user RFM inputs as of `asOf` (orders placed strictly before it) from the customer ledger (see rfmInputsOf),
 * with each user's external id for reports.
 */
export async function loadRfmInputs(dataSource: DataSource, asOf: Date): Promise<LoadedRfmInput[]> {
  const inputs = rfmInputsOf(await loadCustomerLedger({ dataSource }, asOf));
  const rows: Array<{ id: string; external_id: string }> = await dataSource.query(
    `SELECT id::text AS id, external_id FROM users WHERE id = ANY($1::bigint[])`,
    [inputs.map((i) => i.userId)],
  );
  const externalIds = new Map(rows.map((r) => [r.id, r.external_id]));
  return inputs.map((input) => ({ ...input, externalId: externalIds.get(input.userId)! }));
}
