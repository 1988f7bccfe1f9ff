import type { RequestContext } from '../common/request-context';
import { execute } from '../common/sql';
import type { Principal } from './principal';

/** The audit log: who did which admin action to what (written in the caller's transaction when there is one). */
export class AuditService {
  async record(ctx: RequestContext, actor: Principal, action: string, target: string | null, details?: Record<string, unknown>): Promise<void> {
    await execute(ctx, `INSERT INTO audit_log (key_id, actor, action, target, details) VALUES ($1::bigint, $2, $3, $4, $5::jsonb)`, [
      actor.keyId, actor.name, action, target, details ? JSON.stringify(details) : null,
    ]);
  }
}
