import { alignById } from '../common/align';
import { BadUserInputError } from '../common/errors';
import { exactlyOneKey } from '../common/ids';
import { keysetSql } from '../common/keyset';
import { KeysetRow, Page, PageArgs, pageRequest, SortOrder, sliceRows, withTotal } from '../common/pagination';
import type { RequestContext } from '../common/request-context';
import { escapeLike, query, SqlParams } from '../common/sql';
import { USER_COLUMNS, userFromRow, UserRecord, UserRow } from './user.records';

/** The orders `users` can be listed in. */
export const USER_ORDERS = {
  ID_ASC: { name: 'users:ID_ASC', key: null, keyType: 'bigint', id: 'u.id', descending: false },
  CREATED_DESC: {
    name: 'users:CREATED_DESC',
    key: 'u.created_at',
    keyType: 'timestamptz',
    id: 'u.id',
    descending: true,
  },
} satisfies Record<string, SortOrder>;

export type UserOrderBy = keyof typeof USER_ORDERS;

/** What `users(filter:)` narrows by; fields combine with AND. */
export interface UserFilter {
  country?: string | null;
  /** Case-insensitive substring of the email, or the exact externalId. */
  search?: string | null;
  createdAfter?: Date | null;
  createdBefore?: Date | null;
}

/** Arguments of the `users` list. */
export interface UserListArgs extends PageArgs {
  filter?: UserFilter | null;
  orderBy?: UserOrderBy | null;
}

function dateBound(field: string, value: Date | null | undefined): Date | undefined {
  if (value === null || value === undefined) return undefined;
  if (Number.isNaN(value.getTime())) throw new BadUserInputError(`filter.${field}`, 'must be a valid date-time');
  return value;
}

function userConditions(filter: UserFilter | null | undefined, params: SqlParams): string[] {
  if (!filter) return [];
  const where: string[] = [];
  if (filter.country) where.push(`u.country = ${params.add(filter.country)}`);
  const search = filter.search?.trim();
  if (search) {
    if (search.length > 256 || search.includes('\u0000')) {
      throw new BadUserInputError('filter.search', 'must be at most 256 characters, without NUL');
    }
    where.push(`(u.email ILIKE ${params.add(`%${escapeLike(search)}%`)} OR u.external_id = ${params.add(search)})`);
  }
  const after = dateBound('createdAfter', filter.createdAfter);
  if (after) where.push(`u.created_at >= ${params.add(after.toISOString(), 'timestamptz')}`);
  const before = dateBound('createdBefore', filter.createdBefore);
  if (before) where.push(`u.created_at < ${params.add(before.toISOString(), 'timestamptz')}`);
  return where;
}

/** Reads customers: single lookups, the filtered list, and the batched read DataLoaders need. */
export class UserService {
  /** `user(id, externalId)`: exactly one key; null when no such user. */
  async find(ctx: RequestContext, key: { id?: string | null; externalId?: string | null }): Promise<UserRecord | null> {
    const which = exactlyOneKey(key);
    const [column, value] = 'id' in which ? ['u.id', which.id] : ['u.external_id', which.externalId];
    const [row] = await query<UserRow>(ctx, `SELECT ${USER_COLUMNS} FROM users u WHERE ${column} = $1`, [value]);
    return row ? userFromRow(row) : null;
  }

  /** Users by id in one statement, aligned with `ids`. */
  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Array<UserRecord | null>> {
    const rows = await query<UserRow>(ctx, `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ANY($1::bigint[])`, [ids]);
    return alignById(ids, rows.map(userFromRow));
  }

  /** `users(first, after, filter, orderBy)`: one keyset page, the total counted lazily. */
  async list(ctx: RequestContext, args: UserListArgs): Promise<Page<UserRecord>> {
    const request = pageRequest(args, USER_ORDERS[args.orderBy ?? 'ID_ASC']);
    const params = new SqlParams();
    const where = userConditions(args.filter, params);
    const rows = await query<UserRow & KeysetRow>(
      ctx,
      keysetSql({ select: USER_COLUMNS, from: 'users u', where, params }, request),
      params.values,
    );
    return withTotal(sliceRows(rows, request, userFromRow), () => this.count(ctx, args.filter));
  }

  /** How many users match a filter. */
  async count(ctx: RequestContext, filter: UserFilter | null | undefined): Promise<number> {
    const params = new SqlParams();
    const where = userConditions(filter, params);
    const sql = `SELECT count(*)::int AS n FROM users u WHERE ${where.length ? where.join(' AND ') : 'TRUE'}`;
    const [row] = await query<{ n: number }>(ctx, sql, params.values);
    return row.n;
  }
}
