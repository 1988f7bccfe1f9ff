import { EVENT_TYPES, EventTypeName } from '../../data/entities';
import { BadUserInputError } from '../common/errors';
import { batchedKeysetSql, groupByParent, PARENT_ID } from '../common/keyset';
import { KeysetRow, PageArgs, PageRequest, pageRequest, PageSlice, sliceRows, SortOrder } from '../common/pagination';
import type { RequestContext } from '../common/request-context';
import { query, SqlParams } from '../common/sql';
import { EVENT_COLUMNS, eventFromRow, EventRecord, EventRow } from './event.records';

/** A user's events are listed newest first (the order a timeline reads). */
export const USER_EVENTS_ORDER: SortOrder = {
  name: 'events:OCCURRED_DESC',
  key: 'e.occurred_at',
  keyType: 'timestamptz',
  id: 'e.id',
  descending: true,
};

function typeCondition(type: EventTypeName | null | undefined, params: SqlParams): string[] {
  if (type === null || type === undefined) return [];
  if (!EVENT_TYPES.includes(type)) throw new BadUserInputError('type', `unknown event type "${type}"`);
  return [`e.type = ${params.add(type)}`];
}

/** Reads behavioural events, batched per user for `User.events`. */
export class EventService {
  /** Validates `User.events` page arguments once, before per-user loads are batched. */
  userPageRequest(args: PageArgs): PageRequest {
    return pageRequest(args, USER_EVENTS_ORDER);
  }

  /** One page of events, optionally of one type, for each of many users, in one statement. */
  async pagesByUser(
    ctx: RequestContext,
    userIds: readonly string[],
    request: PageRequest,
    type?: EventTypeName | null,
  ): Promise<Map<string, PageSlice<EventRecord>>> {
    const params = new SqlParams();
    const where = [`e.user_id = ${PARENT_ID}`, ...typeCondition(type, params)];
    const sql = batchedKeysetSql({ select: EVENT_COLUMNS, from: 'events e', where, params }, userIds, request);
    const rows = await query<EventRow & KeysetRow & { __parent: string }>(ctx, sql, params.values);
    const pages = new Map<string, PageSlice<EventRecord>>();
    for (const [id, group] of groupByParent(rows, userIds)) pages.set(id, sliceRows(group, request, eventFromRow));
    return pages;
  }

  /** Event counts (optionally of one type) of many users in one statement. */
  async countByUser(
    ctx: RequestContext,
    userIds: readonly string[],
    type?: EventTypeName | null,
  ): Promise<Map<string, number>> {
    const params = new SqlParams();
    const users = params.add(userIds, 'bigint[]');
    const where = [`e.user_id = __k.parent_id`, ...typeCondition(type, params)].join(' AND ');
    const rows = await query<{ id: string; n: number }>(
      ctx,
      `SELECT __k.parent_id::text AS id, (SELECT count(*)::int FROM events e WHERE ${where}) AS n
       FROM unnest(${users}) AS __k(parent_id)`,
      params.values,
    );
    return new Map(rows.map((row) => [row.id, row.n]));
  }
}
