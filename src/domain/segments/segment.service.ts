import { BadUserInputError, NotFoundError } from '../common/errors';
import { parseId } from '../common/ids';
import { batchedKeysetSql, groupByParent, PARENT_ID } from '../common/keyset';
import { KeysetRow, PageArgs, PageRequest, pageRequest, PageSlice, sliceRows, SortOrder } from '../common/pagination';
import type { RequestContext } from '../common/request-context';
import { execute, query, SqlParams } from '../common/sql';
import { withTransaction } from '../common/transaction';
import { USER_COLUMNS, userFromRow, UserRecord, UserRow } from '../customers/user.records';
import type { JobQueue } from '../jobs/job-queue';
import type { JobRecord } from '../jobs/job.records';
import { REFRESH_LOCK_SQL, REFRESH_SEGMENTS_JOB, refreshSegments } from './refresh/refresh-segments';
import { syncRuleMemberships, updateSegmentStats } from './refresh/membership-sync';
import { parseRule, ruleCategoryIds, RuleSyntaxError } from './rules';
import { SEGMENT_MEMBERS } from './segment-members';
import {
  CustomerProfileRecord, MembershipRecord, PROFILE_COLUMNS, profileFromRow, ProfileRow, SEGMENT_COLUMNS,
  segmentFromRow, SegmentRecord, SegmentRow,
} from './segment.records';

/** Members are listed by user id. */
export const MEMBERS_ORDER: SortOrder = { name: 'segment-members:ID_ASC', key: null, keyType: 'bigint', id: 'u.id', descending: false };

/** What `createSegment` takes. */
export interface SegmentInput {
  name: string;
  description?: string | null;
  rule: string;
}

const NAME_MAX = 200;
const DESCRIPTION_MAX = 2000;

/**
 * Segments and customer profiles: reads for the API and DataLoaders, rule-based custom segments, and the
 * REFRESH_SEGMENTS job (registered here, so every process that works jobs can run it).
 */
export class SegmentService {
  constructor(private readonly runner: JobQueue) {
    runner.handle(REFRESH_SEGMENTS_JOB, (job) => refreshSegments(job));
  }

  /** Queues a refresh of profiles and segment memberships; returns the job at once. */
  refresh(ctx: RequestContext): Promise<JobRecord> {
    return this.runner.enqueue(ctx, REFRESH_SEGMENTS_JOB, {});
  }

  /**
   * Queues the first refresh of a shop that has orders but no profiles yet (a fresh demo shop), so segments and
   * profiles are served from the start; null when there is nothing to do.
   */
  async refreshIfNeverRefreshed(ctx: RequestContext): Promise<JobRecord | null> {
    const [state] = await query<{ todo: boolean }>(
      ctx,
      `SELECT EXISTS (SELECT 1 FROM orders WHERE user_id IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM customer_profiles)
         AND NOT EXISTS (SELECT 1 FROM jobs WHERE kind = $1 AND status IN ('QUEUED', 'RUNNING')) AS todo`,
      [REFRESH_SEGMENTS_JOB],
    );
    return state.todo ? this.refresh(ctx) : null;
  }

  /** Every segment, oldest first (the RFM segments in grid order after the first refresh). */
  async list(ctx: RequestContext): Promise<SegmentRecord[]> {
    const rows = await query<SegmentRow>(ctx, `SELECT ${SEGMENT_COLUMNS} FROM segments s ORDER BY s.id`);
    return rows.map(segmentFromRow);
  }

  async get(ctx: RequestContext, id: string): Promise<SegmentRecord | null> {
    const [row] = await query<SegmentRow>(ctx, `SELECT ${SEGMENT_COLUMNS} FROM segments s WHERE s.id = $1::bigint`, [
      parseId(id, 'id'),
    ]);
    return row ? segmentFromRow(row) : null;
  }

  /**
   * Saves a CUSTOM segment after parsing its rule (BAD_USER_INPUT with the position when it does not parse) and
   * checking the categories it names exist. When profiles exist its members are computed at once, so the segment
   * is usable before the next refresh.
   */
  async create(ctx: RequestContext, input: SegmentInput): Promise<SegmentRecord> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > NAME_MAX) throw new BadUserInputError('input.name', `must be 1 to ${NAME_MAX} characters`);
    if ((input.description?.length ?? 0) > DESCRIPTION_MAX) {
      throw new BadUserInputError('input.description', `must be at most ${DESCRIPTION_MAX} characters`);
    }
    const ast = parseRuleOn(input.rule, 'input.rule');
    return withTransaction(ctx, async (tx) => {
      await execute(tx, REFRESH_LOCK_SQL);
      await this.checkCategories(tx, ruleCategoryIds(ast));
      const [taken] = await query(tx, `SELECT 1 FROM segments WHERE lower(name) = lower($1)`, [name]);
      if (taken) throw new BadUserInputError('input.name', `a segment named "${name}" already exists`);
      const [row] = await query<{ id: string }>(
        tx,
        `INSERT INTO segments (kind, name, description, rule, rule_ast) VALUES ('CUSTOM', $1, $2, $3, $4::jsonb)
         RETURNING id::text AS id`,
        [name, input.description ?? null, input.rule, JSON.stringify(ast)],
      );
      const [profiled] = await query(tx, `SELECT 1 FROM customer_profiles LIMIT 1`);
      if (profiled) {
        await syncRuleMemberships(tx, row.id, ast);
        await updateSegmentStats(tx, [row.id]);
      }
      return (await this.get(tx, row.id))!;
    });
  }

  private async checkCategories(ctx: RequestContext, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await query<{ id: string }>(ctx, `SELECT id::text AS id FROM categories WHERE id = ANY($1::bigint[])`, [ids]);
    const known = new Set(rows.map((r) => r.id));
    const missing = ids.find((id) => !known.has(id));
    if (missing) throw new BadUserInputError('input.rule', `category ${missing} does not exist`);
  }

  /**
   * Deletes a CUSTOM or CLUSTER segment and its memberships (a CLUSTER segment's members are derived from profiles
   * by segment id, so they leave with the row); RFM segments belong to the refresh.
   */
  async delete(ctx: RequestContext, id: string): Promise<boolean> {
    const segment = await this.get(ctx, id);
    if (!segment) throw new NotFoundError(`segment ${id} does not exist`);
    if (segment.kind === 'RFM') throw new BadUserInputError('id', 'RFM segments are maintained by refreshSegments and cannot be deleted');
    await execute(ctx, `DELETE FROM segments WHERE id = $1::bigint`, [segment.id]);
    return true;
  }

  memberPageRequest(args: PageArgs): PageRequest {
    return pageRequest(args, MEMBERS_ORDER);
  }

  /** One page of members for each of many segments, in one statement. */
  async memberPages(ctx: RequestContext, segmentIds: readonly string[], request: PageRequest): Promise<Map<string, PageSlice<UserRecord>>> {
    const params = new SqlParams();
    const source = {
      select: USER_COLUMNS,
      from: `(${SEGMENT_MEMBERS}) m JOIN users u ON u.id = m.user_id`,
      where: [`m.segment_id = ${PARENT_ID}`],
      params,
    };
    const rows = await query<UserRow & KeysetRow & { __parent: string }>(ctx, batchedKeysetSql(source, segmentIds, request), params.values);
    const pages = new Map<string, PageSlice<UserRecord>>();
    for (const [id, group] of groupByParent(rows, segmentIds)) pages.set(id, sliceRows(group, request, userFromRow));
    return pages;
  }

  async countMembers(ctx: RequestContext, segmentIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await query<{ id: string; n: number }>(
      ctx,
      `SELECT m.segment_id::text AS id, count(*)::int AS n FROM (${SEGMENT_MEMBERS}) m
       WHERE m.segment_id = ANY($1::bigint[]) GROUP BY m.segment_id`,
      [segmentIds],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** The memberships of many users in one statement, each user's by segment id. */
  async membershipsByUser(ctx: RequestContext, userIds: readonly string[]): Promise<Map<string, MembershipRecord[]>> {
    const rows = await query<SegmentRow & { user_id: string; since: Date }>(
      ctx,
      `SELECT m.user_id::text AS user_id, m.since, ${SEGMENT_COLUMNS}
       FROM (${SEGMENT_MEMBERS}) m JOIN segments s ON s.id = m.segment_id
       WHERE m.user_id = ANY($1::bigint[]) ORDER BY m.user_id, s.id`,
      [userIds],
    );
    const out = new Map<string, MembershipRecord[]>(userIds.map((id) => [id, []]));
    for (const row of rows) out.get(row.user_id)?.push({ segment: segmentFromRow(row), since: row.since });
    return out;
  }

  /** Profiles of many users, aligned with `userIds` (null before the first refresh or for unknown users). */
  async profilesByUser(ctx: RequestContext, userIds: readonly string[]): Promise<Array<CustomerProfileRecord | null>> {
    const rows = await query<ProfileRow>(ctx, `SELECT ${PROFILE_COLUMNS} FROM customer_profiles p WHERE p.user_id = ANY($1::bigint[])`, [
      userIds,
    ]);
    const byId = new Map(rows.map((r) => [String(r.user_id), profileFromRow(r)]));
    return userIds.map((id) => byId.get(id) ?? null);
  }

  /** `customerProfile(userId)`: null before the first refresh, or when there is no such user. */
  async profile(ctx: RequestContext, userId: string): Promise<CustomerProfileRecord | null> {
    const [profile] = await this.profilesByUser(ctx, [parseId(userId, 'userId')]);
    return profile;
  }
}

/** Parses a rule, reporting syntax errors on `field`. */
function parseRuleOn(rule: string, field: string) {
  try {
    return parseRule(rule);
  } catch (error) {
    throw error instanceof RuleSyntaxError ? error.onField(field) : error;
  }
}
