import type { UserEntity } from '../../data/entities';

/** A user as services hand it out. */
export type UserRecord = UserEntity;

/** The user columns every user query selects, aliased `u`. */
export const USER_COLUMNS = 'u.id, u.external_id, u.email, u.country, u.attributes, u.created_at, u.updated_at';

/** A users row as PostgreSQL returns it. */
export interface UserRow {
  id: string;
  external_id: string;
  email: string | null;
  country: string | null;
  attributes: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
}

/** Maps a raw users row to a record. */
export function userFromRow(row: UserRow): UserRecord {
  return {
    id: String(row.id),
    externalId: row.external_id,
    email: row.email,
    country: row.country,
    attributes: row.attributes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Creates users that events or orders name before the shop sent them (`createMissing: true`): only the
 * external id is known; a later upsertUsers fills in the rest.
 */
export const USER_PLACEHOLDERS_SQL = `
  INSERT INTO users (external_id) SELECT unnest($1::text[])
  ON CONFLICT (external_id) DO NOTHING
  RETURNING external_id, id::text AS id`;
