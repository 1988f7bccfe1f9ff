import type { RequestContext } from '../common/request-context';
import { query } from '../common/sql';

/** How old each kind's active model is (seconds since training ended), for metrics; one small indexed query. */
export async function activeModelAges(ctx: RequestContext): Promise<Array<{ kind: string; ageSeconds: number }>> {
  const rows = await query<{ kind: string; age: number }>(
    ctx,
    `SELECT kind, extract(epoch FROM now() - coalesce(trained_at, created_at))::float8 AS age
       FROM model_versions WHERE active`,
  );
  return rows.map((r) => ({ kind: r.kind, ageSeconds: Math.max(0, r.age) }));
}
