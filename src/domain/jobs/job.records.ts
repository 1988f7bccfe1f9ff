import type { JobStatusName } from '../../data/entities';

/** A job as the domain hands it out. */
export interface JobRecord {
  id: string;
  kind: string;
  status: JobStatusName;
  progress: number;
  message: string | null;
  params: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** The columns every job query selects, aliased to JobRow. */
export const JOB_COLUMNS = `j.id::text AS id, j.kind, j.status, j.progress, j.message, j.params, j.result, j.error,
  j.created_at, j.started_at, j.finished_at`;

/** A row of JOB_COLUMNS. */
export interface JobRow {
  id: string;
  kind: string;
  status: JobStatusName;
  progress: number;
  message: string | null;
  params: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/** Maps a JOB_COLUMNS row to a record. */
export function jobFromRow(row: JobRow): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    progress: row.progress,
    message: row.message,
    params: row.params,
    result: row.result,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** The job status names, re-exported so the API need not import data/. */
export { JOB_STATUSES } from '../../data/entities';
export type { JobStatusName };
