import { JOB_STATUSES, JobStatusName } from '../../data/entities';
import { BadUserInputError } from '../common/errors';
import { parseId } from '../common/ids';
import { keysetSql } from '../common/keyset';
import { KeysetRow, Page, PageArgs, pageRequest, sliceRows, SortOrder, withTotal } from '../common/pagination';
import type { RequestContext } from '../common/request-context';
import { query, SqlParams } from '../common/sql';
import type { JobQueue } from './job-queue';
import { JOB_COLUMNS, jobFromRow, JobRecord, JobRow } from './job.records';

/** Jobs are listed newest first. */
export const JOBS_ORDER: SortOrder = { name: 'jobs:ID_DESC', key: null, keyType: 'bigint', id: 'j.id', descending: true };

/** Reads background jobs (`job(id)`, `jobs(first, after, status)`). */
export class JobService {
  constructor(private readonly runner: JobQueue) {}

  /** One job, or null when the id names none. */
  async get(ctx: RequestContext, id: string): Promise<JobRecord | null> {
    await this.runner.recoverInterrupted(ctx);
    const [row] = await query<JobRow>(ctx, `SELECT ${JOB_COLUMNS} FROM jobs j WHERE j.id = $1::bigint`, [
      parseId(id, 'id'),
    ]);
    return row ? jobFromRow(row) : null;
  }

  /** A page of jobs, newest first, optionally of one status. */
  async list(ctx: RequestContext, args: PageArgs, status?: JobStatusName | null): Promise<Page<JobRecord>> {
    await this.runner.recoverInterrupted(ctx);
    const request = pageRequest(args, JOBS_ORDER);
    const where = (params: SqlParams): string[] => {
      if (status === null || status === undefined) return [];
      if (!JOB_STATUSES.includes(status)) throw new BadUserInputError('status', `unknown job status "${status}"`);
      return [`j.status = ${params.add(status)}`];
    };
    const params = new SqlParams();
    const sql = keysetSql({ select: JOB_COLUMNS, from: 'jobs j', where: where(params), params }, request);
    const rows = await query<JobRow & KeysetRow>(ctx, sql, params.values);
    return withTotal(sliceRows(rows, request, jobFromRow), async () => {
      const countParams = new SqlParams();
      const conditions = where(countParams);
      const [row] = await query<{ n: number }>(
        ctx,
        `SELECT count(*)::int AS n FROM jobs j WHERE ${conditions.length ? conditions.join(' AND ') : 'TRUE'}`,
        countParams.values,
      );
      return row.n;
    });
  }
}
