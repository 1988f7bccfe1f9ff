import type { DataSource } from 'typeorm';
import { loadCustomerLedger } from '../ledger/ledger.loader';
import { rfmInputsOf } from '../ledger/ledger-measures';
import type { RfmInput } from './rfm.types';

/** RFM inputs read from the database, with the user's external id for reports. */
export interface LoadedRfmInput extends RfmInput {
  externalId: string;
}

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
