import { EVENT_TYPES, EventTypeName } from '../../data/entities';
import { PRODUCT_PLACEHOLDERS_SQL } from '../catalog/catalog.records';
import { checkBatchSize, InputCheck, LIMITS, rowField } from '../common/input-check';
import { ResolvedReferences, resolveReferences } from '../common/references';
import type { RequestContext } from '../common/request-context';
import { execute } from '../common/sql';
import type { ChangeFeed } from '../common/change-feed';
import { withTransaction } from '../common/transaction';
import { USER_PLACEHOLDERS_SQL } from '../customers/user.records';

/** One behavioural signal as a shop sends it; occurredAt defaults to the time of recording. */
export interface EventInput {
  eventId?: string | null;
  userExternalId: string;
  productExternalId: string;
  type: EventTypeName;
  value?: number | null;
  quantity?: number | null;
  price?: number | null;
  occurredAt?: Date | null;
}

/** What recordEvents did: rows written, rows skipped as replays, and placeholders created for unknown ids. */
export interface RecordEventsCounts {
  accepted: number;
  duplicates: number;
  createdUsers: number;
  createdProducts: number;
}

/** Writes the batch; a replayed eventId (stored, or earlier in the batch) is skipped, never an error. */
const INSERT_EVENTS = `
  INSERT INTO events (event_id, user_id, product_id, type, value, quantity, price, occurred_at)
  SELECT v.event_id, v.user_id, v.product_id, v.type, v.value, v.quantity, v.price, COALESCE(v.occurred_at, now())
  FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::float8[], $6::int[], $7::numeric[],
              $8::timestamptz[])
       AS v(event_id, user_id, product_id, type, value, quantity, price, occurred_at)
  ON CONFLICT (event_id) DO NOTHING`;

function checkEvent(check: InputCheck, row: EventInput, i: number): void {
  const f = (name: string) => rowField(i, name);
  check.optionalText(f('eventId'), row.eventId, LIMITS.externalId);
  check.text(f('userExternalId'), row.userExternalId, LIMITS.externalId);
  check.text(f('productExternalId'), row.productExternalId, LIMITS.externalId);
  if (!EVENT_TYPES.includes(row.type)) check.fail(f('type'), 'is not an event type');
  check.optionalNumber(f('value'), row.value, -Number.MAX_VALUE, Infinity);
  check.optionalInteger(f('quantity'), row.quantity, 0);
  check.optionalNumber(f('price'), row.price, 0, LIMITS.money);
  check.optionalDate(f('occurredAt'), row.occurredAt);
}

/** Keeps the first row of each eventId (rows without one are always kept). */
function firstOfEachEventId(input: readonly EventInput[]): EventInput[] {
  const seen = new Set<string>();
  return input.filter((row) => {
    if (!row.eventId) return true;
    if (seen.has(row.eventId)) return false;
    seen.add(row.eventId);
    return true;
  });
}

function insertParams(
  rows: readonly EventInput[],
  users: Map<string, string>,
  products: Map<string, string>,
): unknown[] {
  return [
    rows.map((r) => r.eventId ?? null),
    rows.map((r) => users.get(r.userExternalId)),
    rows.map((r) => products.get(r.productExternalId)),
    rows.map((r) => r.type),
    rows.map((r) => r.value ?? null),
    rows.map((r) => r.quantity ?? null),
    rows.map((r) => r.price ?? null),
    rows.map((r) => r.occurredAt?.toISOString() ?? null),
  ];
}

/** Resolves the users and products the events name (placeholders when asked); unknown ones fail their row. */
async function resolveEventReferences(
  tx: RequestContext,
  input: readonly EventInput[],
  createMissing: boolean,
  check: InputCheck,
): Promise<{ users: ResolvedReferences; products: ResolvedReferences }> {
  const userSql = createMissing ? USER_PLACEHOLDERS_SQL : undefined;
  const productSql = createMissing ? PRODUCT_PLACEHOLDERS_SQL : undefined;
  const users = await resolveReferences(tx, 'users', input.map((r) => r.userExternalId), userSql);
  const products = await resolveReferences(tx, 'products', input.map((r) => r.productExternalId), productSql);
  input.forEach((row, i) => {
    if (!users.ids.has(row.userExternalId)) {
      check.fail(rowField(i, 'userExternalId'), `unknown user "${row.userExternalId}"`);
    }
    if (!products.ids.has(row.productExternalId)) {
      check.fail(rowField(i, 'productExternalId'), `unknown product "${row.productExternalId}"`);
    }
  });
  return { users, products };
}

/** Ingests behavioural events (`recordEvents`). */
export class EventIngestService {
  /** `changes` hears which users got new activity once the batch has committed (serving caches listen). */
  constructor(private readonly changes?: ChangeFeed) {}

  /**
   * Records a batch of events in one transaction. Every row is validated first; users and products are
   * referenced by external id and an unknown one rejects the batch naming its row, unless `createMissing`
   * creates placeholders. `eventId` makes replays idempotent: `accepted` counts new rows, `duplicates` the rest.
   */
  async record(ctx: RequestContext, input: readonly EventInput[], createMissing = false): Promise<RecordEventsCounts> {
    checkBatchSize(input, ctx.limits.maxBatch);
    const check = new InputCheck();
    input.forEach((row, i) => checkEvent(check, row, i));
    check.throwIfFailed();
    if (input.length === 0) return { accepted: 0, duplicates: 0, createdUsers: 0, createdProducts: 0 };
    let touchedUsers: string[] = [];
    const counts = await withTransaction(ctx, async (tx) => {
      const { users, products } = await resolveEventReferences(tx, input, createMissing, check);
      check.throwIfFailed();
      const rows = firstOfEachEventId(input);
      const { rowCount } = await execute(tx, INSERT_EVENTS, insertParams(rows, users.ids, products.ids));
      touchedUsers = [...new Set(users.ids.values())];
      return {
        accepted: rowCount,
        duplicates: input.length - rowCount,
        createdUsers: users.created,
        createdProducts: products.created,
      };
    });
    this.changes?.emit('user-activity', touchedUsers);
    if (counts.createdProducts > 0) this.changes?.emit('catalog');
    return counts;
  }
}
