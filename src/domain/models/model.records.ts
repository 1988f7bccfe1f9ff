import type { ModelKindName, ModelStatusName } from '../../data/entities';

/** A model version as the domain hands it out (never with its artifact). */
export interface ModelVersionRecord {
  id: string;
  kind: ModelKindName;
  status: ModelStatusName;
  params: Record<string, unknown>;
  metrics: Record<string, unknown> | null;
  dataDigest: string | null;
  configDigest: string | null;
  jobId: string | null;
  trainedAt: Date | null;
  active: boolean;
  createdAt: Date;
}

/** The columns every model query selects (artifacts excluded), aliased to ModelRow. */
export const MODEL_COLUMNS = `m.id::text AS id, m.kind, m.status, m.params, m.metrics, m.data_digest, m.config_digest,
  m.job_id::text AS job_id, m.trained_at, m.active, m.created_at`;

/** A row of MODEL_COLUMNS. */
export interface ModelRow {
  id: string;
  kind: ModelKindName;
  status: ModelStatusName;
  params: Record<string, unknown>;
  metrics: Record<string, unknown> | null;
  data_digest: string | null;
  config_digest: string | null;
  job_id: string | null;
  trained_at: Date | null;
  active: boolean;
  created_at: Date;
}

/** Maps a MODEL_COLUMNS row to a record. */
export function modelFromRow(row: ModelRow): ModelVersionRecord {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    params: row.params,
    metrics: row.metrics,
    dataDigest: row.data_digest,
    configDigest: row.config_digest,
    jobId: row.job_id,
    trainedAt: row.trained_at,
    active: row.active,
    createdAt: row.created_at,
  };
}

/** The model kind and status names (the contract lives with the entity); re-exported so the API need not import data/. */
export { MODEL_KINDS, MODEL_STATUSES } from '../../data/entities';
export type { ModelKindName, ModelStatusName };
