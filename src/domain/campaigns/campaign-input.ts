import { BadUserInputError } from '../common/errors';
import { parseId } from '../common/ids';
import type { RequestContext } from '../common/request-context';
import { query } from '../common/sql';

/** What `createCampaign` takes (API.md CampaignInput). */
export interface CampaignInput {
  name: string;
  segmentIds?: readonly string[] | null;
  minPropensity?: number | null;
  excludeBoughtWithinDays?: number | null;
  excludeUserIds?: readonly string[] | null;
  maxAudience?: number | null;
  productIds?: readonly string[] | null;
}

/** A checked input: ids parsed and deduplicated, defaults applied. */
export interface CampaignSpec {
  name: string;
  segmentIds: string[];
  minPropensity: number | null;
  excludeBoughtWithinDays: number | null;
  excludeUserIds: string[];
  maxAudience: number;
  productIds: string[];
}

export const DEFAULT_MAX_AUDIENCE = 10_000;
export const MAX_AUDIENCE = 100_000;
const NAME_MAX = 200;
const LIST_MAX = 1000;
const DAYS_MAX = 36_500;

function ids(values: readonly string[] | null | undefined, field: string, max = LIST_MAX): string[] {
  const list = values ?? [];
  if (list.length > max) throw new BadUserInputError(field, `at most ${max} ids (got ${list.length})`);
  return [...new Set(list.map((id, i) => parseId(id, `${field}[${i}]`)))];
}

function optionalInt(value: number | null | undefined, field: string, min: number, max: number): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < min || value > max) throw new BadUserInputError(field, `must be an integer in ${min}..${max} (got ${value})`);
  return value;
}

/** Checks the shape of an input (no database): BAD_USER_INPUT names the field, e.g. `input.minPropensity`. */
export function checkCampaignInput(input: CampaignInput): CampaignSpec {
  const name = (input.name ?? '').trim();
  if (name.length === 0 || name.length > NAME_MAX) throw new BadUserInputError('input.name', `must be 1 to ${NAME_MAX} characters`);
  const p = input.minPropensity;
  if (p !== null && p !== undefined && !(Number.isFinite(p) && p >= 0 && p <= 1)) {
    throw new BadUserInputError('input.minPropensity', `must be a number in [0, 1] (got ${p})`);
  }
  return {
    name,
    segmentIds: ids(input.segmentIds, 'input.segmentIds'),
    minPropensity: p ?? null,
    excludeBoughtWithinDays: optionalInt(input.excludeBoughtWithinDays, 'input.excludeBoughtWithinDays', 0, DAYS_MAX),
    excludeUserIds: ids(input.excludeUserIds, 'input.excludeUserIds', MAX_AUDIENCE),
    maxAudience: optionalInt(input.maxAudience, 'input.maxAudience', 1, MAX_AUDIENCE) ?? DEFAULT_MAX_AUDIENCE,
    productIds: ids(input.productIds, 'input.productIds'),
  };
}

/** The index of the first id the database does not know, reported against the input as given. */
function firstMissing(given: readonly string[] | null | undefined, known: ReadonlySet<string>): number {
  return (given ?? []).findIndex((id) => !known.has(parseId(id, 'id')));
}

/**
 * Checks what the input names exists: every segment, and every offer product exists and is active (an inactive
 * product can never be offered). Unknown excluded users are harmless and ignored.
 */
export async function checkReferences(ctx: RequestContext, input: CampaignInput, spec: CampaignSpec): Promise<void> {
  const segments = await query<{ id: string }>(ctx, `SELECT id::text AS id FROM segments WHERE id = ANY($1::bigint[])`, [spec.segmentIds]);
  const s = firstMissing(input.segmentIds, new Set(segments.map((r) => r.id)));
  if (s >= 0) throw new BadUserInputError(`input.segmentIds[${s}]`, `segment ${input.segmentIds![s]} does not exist`);
  const products = await query<{ id: string; active: boolean }>(
    ctx, `SELECT id::text AS id, active FROM products WHERE id = ANY($1::bigint[])`, [spec.productIds]);
  const known = new Set(products.map((r) => r.id));
  const unknown = firstMissing(input.productIds, known);
  if (unknown >= 0) throw new BadUserInputError(`input.productIds[${unknown}]`, `product ${input.productIds![unknown]} does not exist`);
  const inactive = firstMissing(input.productIds, new Set(products.filter((r) => r.active).map((r) => r.id)));
  if (inactive >= 0) throw new BadUserInputError(`input.productIds[${inactive}]`, `product ${input.productIds![inactive]} is not active`);
}
