import { checkBatchSize, checkUniqueKeys, InputCheck, LIMITS, rowField } from '../common/input-check';
import type { RequestContext } from '../common/request-context';
import { query } from '../common/sql';
import { withTransaction } from '../common/transaction';
import { NOTHING_UPSERTED, UpsertCounts, upsertCounts } from '../common/upsert-result';

/** One user of an upsert batch; optional fields left out keep the stored value, null clears it. */
export interface UserInput {
  externalId: string;
  email?: string | null;
  country?: string | null;
  attributes?: Record<string, unknown> | null;
}

/** Set-based upsert; omitted fields merge from the stored row, unchanged rows are skipped (see products). */
const UPSERT_USERS = `
  INSERT INTO users AS t (external_id, email, country, attributes)
  SELECT v.external_id,
         CASE WHEN v.email_set THEN v.email ELSE e.email END,
         CASE WHEN v.country_set THEN v.country ELSE e.country END,
         CASE WHEN v.attributes_set THEN v.attributes::jsonb ELSE e.attributes END
  FROM unnest($1::text[], $2::text[], $3::bool[], $4::text[], $5::bool[], $6::text[], $7::bool[])
       WITH ORDINALITY AS v(external_id, email, email_set, country, country_set, attributes, attributes_set, ord)
  LEFT JOIN users e ON e.external_id = v.external_id
  ORDER BY v.ord
  ON CONFLICT (external_id) DO UPDATE
    SET email = EXCLUDED.email, country = EXCLUDED.country, attributes = EXCLUDED.attributes, updated_at = now()
    WHERE (t.email, t.country, t.attributes) IS DISTINCT FROM (EXCLUDED.email, EXCLUDED.country, EXCLUDED.attributes)
  RETURNING (xmax = 0) AS inserted`;

function checkUser(check: InputCheck, row: UserInput, i: number): void {
  check.text(rowField(i, 'externalId'), row.externalId, LIMITS.externalId);
  check.optionalText(rowField(i, 'email'), row.email, LIMITS.shortText);
  check.optionalText(rowField(i, 'country'), row.country, LIMITS.shortText);
  check.optionalAttributes(rowField(i, 'attributes'), row.attributes);
}

/** Ingests customer batches (`upsertUsers`). */
export class UserIngestService {
  /** Upserts users by externalId: validates every row first, then writes the batch in one statement. */
  async upsert(ctx: RequestContext, input: readonly UserInput[]): Promise<UpsertCounts> {
    checkBatchSize(input, ctx.limits.maxBatch);
    const check = new InputCheck();
    input.forEach((row, i) => checkUser(check, row, i));
    checkUniqueKeys(check, input.map((row) => row.externalId), 'externalId');
    check.throwIfFailed();
    if (input.length === 0) return { ...NOTHING_UPSERTED };
    const params = [
      input.map((r) => r.externalId),
      input.map((r) => r.email ?? null),
      input.map((r) => r.email !== undefined),
      input.map((r) => r.country ?? null),
      input.map((r) => r.country !== undefined),
      input.map((r) => (r.attributes ? JSON.stringify(r.attributes) : null)),
      input.map((r) => r.attributes !== undefined),
    ];
    return withTransaction(ctx, async (tx) => upsertCounts(await query(tx, UPSERT_USERS, params), input.length));
  }
}
