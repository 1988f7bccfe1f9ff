import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, createLogger } from '../src/config';
import { startAisle } from '../src/main';
import { adminQuery, emitter } from './support/scratch-database';

/**
 * HTTP serving benchmark on loopback. Starts Aisle in this process on a scratch database (created and dropped on
 * DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/test) holding the demo shop and its starter
 * models, then drives it with autocannon in a worker thread. One JSON line per case:
 * - `graphql-baseline`: `{ __typename }`, the HTTP + GraphQL stack with no resolver work (the baseline, same run);
 * - `recommendations`: `recommendations(userId, first: 10)` with product names, a different user per request
 *   (2,000 users in turn; their histories cached after the warm-up, as in a serving process);
 * - `recommendations-history-uncached`: the same with the history cache off (one history query per request).
 * Knobs: AISLE_BENCH_SECONDS (default 10), AISLE_BENCH_CONNECTIONS (default 32).
 */

const RECOMMENDATIONS = `query($userId: ID!) { recommendations(userId: $userId, first: 10) { source items { score product { id name } } } }`;

const emit = emitter('http');

async function waitForModels(url: string): Promise<void> {
  for (;;) {
    const [row] = await adminQuery(url, `SELECT count(*) FILTER (WHERE status = 'READY')::int AS ready,
      count(*) FILTER (WHERE status = 'TRAINING')::int AS training FROM model_versions`);
    if (row.ready >= 3 && row.training === 0) return;
    await sleep(200);
  }
}

interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  non2xx: number;
  timeouts: number;
}

async function load(url: string, query: string, userIds: string[], seconds: number, connections: number): Promise<LoadResult> {
  process.env.AISLE_BENCH_USER_IDS = userIds.join(',');
  process.env.AISLE_BENCH_QUERY = query;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- autocannon ships no types
  const autocannon = require('autocannon');
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections,
    duration: seconds,
    workers: 1, // the load generator gets its own thread; the server keeps the main one
    requests: [{ method: 'POST', setupRequest: path.join(__dirname, 'http-request.setup.js') }],
  });
}

function line(name: string, r: LoadResult, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    case: name,
    requests_per_s: Math.round(r.requests.average),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    mean_ms: Number(r.latency.average.toFixed(2)),
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    ...extra,
  };
}

export async function run(): Promise<void> {
  const seconds = Number(process.env.AISLE_BENCH_SECONDS ?? 10);
  const connections = Number(process.env.AISLE_BENCH_CONNECTIONS ?? 32);
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `aisle_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  const config = { ...loadConfig(process.env), port: 0, host: '127.0.0.1', databaseUrl: dbUrl.toString(), demoOnEmpty: true };
  const aisle = await startAisle(config, createLogger('fatal'));
  try {
    await waitForModels(dbUrl.toString());
    const users = (await adminQuery(dbUrl.toString(), `SELECT DISTINCT user_id::text AS id FROM events ORDER BY 1 LIMIT 2000`)).map((r) => r.id);
    await load(aisle.url, RECOMMENDATIONS, users, 2, connections); // warm-up: JIT, caches, connection pool
    const baseline = await load(aisle.url, '{ __typename }', users, seconds, connections);
    emit(line('graphql-baseline', baseline, { connections, seconds }));
    const recs = await load(aisle.url, RECOMMENDATIONS, users, seconds, connections);
    const ratio = (r: LoadResult) => Number((r.requests.average / baseline.requests.average).toFixed(3));
    const common = { connections, seconds, users: users.length, goal_requests_per_s: 2000 };
    emit(line('recommendations', recs, { ...common, history: 'cached', ratio_to_baseline: ratio(recs) }));
    // every request reads the user's history from PostgreSQL (what a process sees right after a restart)
    config.serving.historyTtlMs = 0;
    const cold = await load(aisle.url, RECOMMENDATIONS, users, seconds, connections);
    emit(line('recommendations-history-uncached', cold, { ...common, history: 'read per request', ratio_to_baseline: ratio(cold) }));
  } finally {
    await sleep(500); // let the last in-flight requests finish before the pool closes
    await aisle.stop();
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
