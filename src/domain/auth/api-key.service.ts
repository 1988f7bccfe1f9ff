import { createHash, randomBytes } from 'node:crypto';
import { BadUserInputError, NotFoundError } from '../common/errors';
import { parseId } from '../common/ids';
import type { RequestContext } from '../common/request-context';
import { execute, query } from '../common/sql';
import { ROLES, type Principal, type RoleName } from './principal';

/** A key as listed (never its secret). */
export interface ApiKeyRecord {
  id: string;
  name: string;
  role: RoleName;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A key just created: the only moment its secret exists outside the caller. */
export interface CreatedApiKey extends ApiKeyRecord {
  secret: string;
}

const KEY_COLUMNS = `id::text AS id, name, role, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

/** How long a verified (or unknown) secret is remembered; revocations in this process apply at once. */
const CACHE_MS = 30_000;
/** last_used_at is written at most this often per key (one UPDATE per minute, not per request). */
const TOUCH_MS = 60_000;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * API keys: created with a role and shown once (`aisle_<role>_<40 hex>`), stored as SHA-256, revocable. Verifying a
 * secret costs one indexed lookup, then is cached for 30 s; a revocation through this process drops the cache.
 */
export class ApiKeyService {
  private readonly verified = new Map<string, { at: number; principal: Principal | null }>();
  private readonly touched = new Map<string, number>();
  private anyKeys: { at: number; value: boolean } | null = null;

  async create(ctx: RequestContext, role: string, name: string): Promise<CreatedApiKey> {
    if (!(ROLES as readonly string[]).includes(role)) throw new BadUserInputError('role', `must be one of ${ROLES.join(', ')}`);
    const trimmed = (name ?? '').trim();
    if (!trimmed || trimmed.length > 200) throw new BadUserInputError('name', 'must be 1..200 characters');
    const secret = `aisle_${role.toLowerCase()}_${randomBytes(20).toString('hex')}`;
    const [row] = await query<ApiKeyRecord>(
      ctx,
      `INSERT INTO api_keys (name, role, prefix, secret_hash) VALUES ($1, $2, $3, $4) RETURNING ${KEY_COLUMNS}`,
      [trimmed, role, secret.slice(0, secret.lastIndexOf('_') + 7), hashSecret(secret)],
    );
    this.anyKeys = null;
    return { ...row, secret };
  }

  list(ctx: RequestContext): Promise<ApiKeyRecord[]> {
    return query<ApiKeyRecord>(ctx, `SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY id`);
  }

  async revoke(ctx: RequestContext, id: string): Promise<ApiKeyRecord> {
    const [row] = await query<ApiKeyRecord>(
      ctx,
      `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1::bigint RETURNING ${KEY_COLUMNS}`,
      [parseId(id, 'id')],
    );
    if (!row) throw new NotFoundError(`API key ${id} does not exist`);
    this.verified.clear();
    this.anyKeys = null;
    return row;
  }

  /** Whether any usable key exists (a development server with none runs open). Cached like verifications. */
  async hasKeys(ctx: RequestContext): Promise<boolean> {
    if (this.anyKeys && Date.now() - this.anyKeys.at < CACHE_MS) return this.anyKeys.value;
    const [row] = await query<{ any: boolean }>(ctx, `SELECT EXISTS (SELECT 1 FROM api_keys WHERE revoked_at IS NULL) AS any`);
    this.anyKeys = { at: Date.now(), value: row.any };
    return row.any;
  }

  /** The principal a secret stands for, or null when it is unknown or revoked. */
  async verify(ctx: RequestContext, secret: string): Promise<Principal | null> {
    const hash = hashSecret(secret);
    const hit = this.verified.get(hash);
    if (hit && Date.now() - hit.at < CACHE_MS) {
      if (hit.principal) this.touch(ctx, hit.principal.keyId!);
      return hit.principal;
    }
    const [row] = await query<{ id: string; name: string; role: RoleName }>(
      ctx,
      `SELECT id::text AS id, name, role FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    const principal = row ? { keyId: row.id, name: row.name, role: row.role } : null;
    this.verified.set(hash, { at: Date.now(), principal });
    if (this.verified.size > 10_000) this.verified.delete(this.verified.keys().next().value!);
    if (principal) this.touch(ctx, principal.keyId!);
    return principal;
  }

  /** Records key use (last_used_at), at most once a minute per key, without holding up the request. */
  private touch(ctx: RequestContext, keyId: string): void {
    const last = this.touched.get(keyId) ?? 0;
    if (Date.now() - last < TOUCH_MS) return;
    this.touched.set(keyId, Date.now());
    execute(ctx, `UPDATE api_keys SET last_used_at = now() WHERE id = $1::bigint`, [keyId]).catch((error: unknown) =>
      ctx.logger.warn({ err: error, keyId }, 'could not record API key use'),
    );
  }
}
