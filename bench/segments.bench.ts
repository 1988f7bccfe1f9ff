import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import type { RequestContext } from '../src/domain/common/request-context';
import { execute, query } from '../src/domain/common/sql';
import type { JobHandle } from '../src/domain/jobs/job-execution';
import { refreshSegments } from '../src/domain/segments/refresh/refresh-segments';
import { parseRule } from '../src/domain/segments/rules';
import { emitter, withScratchDataSource } from './support/scratch-database';

/**
 * The REFRESH_SEGMENTS job on synthetic customers (AISLE_BENCH_USERS, default 100,000; 0–5 orders each, ~2.5 on
 * average, one custom segment), in a scratch database on DATABASE_URL's server, vacuumed after seeding. Prints one line with the time of
 * each stage (from the job's progress messages) and the whole refresh, first on an empty snapshot (`refresh`)
 * and again on the unchanged data (`refresh-again`: the steady state, where most members stay), and a baseline measured in the same run:
 * the same profile columns written row by row (one INSERT per user, 2,000 users, extrapolated), which is what the
 * set-based write (binary COPY into a new table swapped in) replaces. `node_cpu_s` is this process's CPU time during the refresh (the rest is
 * PostgreSQL, and waiting for a core on a shared machine: `load_average`).
 */
const emit = emitter('segments');

async function seed(ctx: RequestContext, users: number): Promise<number> {
  await execute(ctx, `INSERT INTO users (external_id, country) SELECT 'u' || g, (ARRAY['DE','FR','GB','US'])[1 + g % 4] FROM generate_series(1, $1::int) g`, [users]);
  await execute(ctx, `INSERT INTO categories (external_id, name) VALUES ('c1', 'All')`);
  await execute(ctx, `INSERT INTO products (external_id, name, price, category_id) SELECT 'p1', 'P', 10, id FROM categories`);
  await execute(ctx, `INSERT INTO orders (external_id, user_id, placed_at, total)
    SELECT 'o' || u.id || '-' || s, u.id, now() - ((u.id * 7919 + s * 104729) % 365) * interval '1 day' - (u.id % 86400) * interval '1 second', 0
    FROM users u, generate_series(1, (u.id % 6)::int) s`);
  await execute(ctx, `INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, placed_at)
    SELECT o.id, 1, (SELECT id FROM products LIMIT 1), 1 + o.id % 3, 5 + o.id % 97, o.placed_at FROM orders o`);
  // a shop's order tables are settled (autovacuum has passed): without this the first read of a million freshly
  // inserted rows also writes every page back to set its tuples' hint bits, a cost of the seeding, not of a refresh
  await execute(ctx, 'VACUUM ANALYZE');
  // and the seeding's gigabyte of WAL checkpointed now rather than during the first refresh (needs a superuser or
  // pg_checkpoint; skipped when the bench's role has neither)
  await execute(ctx, 'CHECKPOINT').catch(() => undefined);
  const [{ n }] = await query<{ n: number }>(ctx, 'SELECT count(*)::int AS n FROM orders');
  return n;
}

/** A job handle that records how long each stage (progress message) took: wall seconds and this process's CPU. */
function timedHandle(ctx: RequestContext): { handle: JobHandle; stages: Record<string, number>; stageCpu: Record<string, number> } {
  const stages: Record<string, number> = {};
  const stageCpu: Record<string, number> = {};
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let current: string | null = null;
  const handle: JobHandle = {
    id: '0',
    ctx,
    progress(_fraction, message) {
      if (message === undefined || message === current) return;
      const now = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      if (current) {
        stages[current] = Number(((now - last) / 1000).toFixed(3));
        stageCpu[current] = Number(((cpu.user + cpu.system) / 1e6).toFixed(3));
      }
      [current, last, lastCpu] = [message, now, process.cpuUsage()];
    },
  };
  return { handle, stages, stageCpu };
}

async function rowByRowSeconds(ctx: RequestContext, users: number): Promise<number> {
  const ids = await query<{ id: string }>(ctx, 'SELECT id::text AS id FROM users ORDER BY id LIMIT 2000');
  const started = performance.now();
  for (const { id } of ids) {
    await execute(ctx, `INSERT INTO customer_profiles (user_id, as_of, recency, frequency, monetary, rfm_score, rfm_segment)
      VALUES ($1, now(), 1, 1, 1, '111', 'Lost') ON CONFLICT (user_id) DO UPDATE SET recency = EXCLUDED.recency`, [id]);
  }
  return ((performance.now() - started) / 1000) * (users / ids.length);
}

export async function run(users = Number(process.env.AISLE_BENCH_USERS ?? 100_000)): Promise<void> {
  await withScratchDataSource(4, async (dataSource) => {
    const ctx: RequestContext = { requestId: 'bench', logger: pino({ level: 'silent' }), dataSource, limits: { maxBatch: 1000 } };
    const orders = await seed(ctx, users);
    const rule = 'frequency >= 3 and country in ["DE", "FR"] and recency <= 90';
    await execute(ctx, `INSERT INTO segments (kind, name, rule, rule_ast) VALUES ('CUSTOM', 'bench', $1, $2::jsonb)`, [rule, JSON.stringify(parseRule(rule))]);
    for (const run of ['refresh', 'refresh-again']) {
      const { handle, stages, stageCpu } = timedHandle(ctx);
      const started = performance.now();
      const cpu = process.cpuUsage();
      const result = await refreshSegments(handle);
      const used = process.cpuUsage(cpu);
      const seconds = Number(((performance.now() - started) / 1000).toFixed(3));
      const clusters = result.clusters as { k: number; silhouette: number } | null;
      const baseline = run === 'refresh' ? { baseline_row_by_row_profile_write_s: Number((await rowByRowSeconds(ctx, users)).toFixed(3)) } : {};
      emit({
        case: run, users, orders, customers: result.customers, seconds, stages, stage_node_cpu_s: stageCpu,
        node_cpu_s: Number(((used.user + used.system) / 1e6).toFixed(3)), load_average: Number(loadavg()[0].toFixed(2)),
        clv_fitted: result.clv !== null, clusters: clusters && { k: clusters.k, silhouette: clusters.silhouette }, ...baseline,
      });
    }
  });
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
