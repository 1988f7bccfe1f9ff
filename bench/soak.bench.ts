import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createLogger, loadConfig } from '../src/config';
import { startAisle } from '../src/main';
import { adminQuery, emitter } from './support/scratch-database';

/**
 * Soak (issue 6; `aisle bench soak`, not CI): Aisle in this process on a scratch database holding the demo shop and
 * its starter models, driven at a fixed rate by autocannon (overallRate) with a mix of 60 % recommendations, 25 %
 * product pages and 15 % recordEvents (one VIEW each). Every minute prints one JSON line: requests, errors (transport
 * errors, timeouts, non-2xx and GraphQL errors), p50/p99 latency, heapUsed after a full GC and RSS; a final line
 * sums the run and gives the heap and RSS growth from the end of the warm-up to the last minute. Knobs: AISLE_SOAK_SECONDS
 * (default 300), AISLE_SOAK_RATE (requests/s, default 200), AISLE_SOAK_CONNECTIONS (default 16).
 */
const RECOMMENDATIONS = `query($u: ID!) { recommendations(userId: $u, first: 10) { source items { score product { id name price } } } }`;
const PRODUCTS = `query($after: String) { products(first: 20, after: $after) { edges { node { id name price category { name } } } } }`;
const RECORD = `mutation($e: [EventInput!]!) { recordEvents(input: $e) { accepted } }`;

const emit = emitter('soak');

function heapAfterGc(): { heap_used_mb: number; rss_mb: number } {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const m = process.memoryUsage();
  return { heap_used_mb: Number((m.heapUsed / 2 ** 20).toFixed(1)), rss_mb: Number((m.rss / 2 ** 20).toFixed(1)) };
}

interface Pools { userIds: string[]; userExternalIds: string[]; productExternalIds: string[] }

/** The request mix: a fresh body per request, drawn in turn from the shop's users and products. */
function requestMaker(pools: Pools): (request: { body?: string }) => { body?: string } {
  let n = 0;
  return (request) => {
    const i = n++;
    const roll = i % 20;
    let body: unknown;
    if (roll < 12) body = { query: RECOMMENDATIONS, variables: { u: pools.userIds[i % pools.userIds.length] } };
    else if (roll < 17) body = { query: PRODUCTS, variables: {} };
    else {
      body = { query: RECORD, variables: { e: [{
        type: 'VIEW', userExternalId: pools.userExternalIds[i % pools.userExternalIds.length],
        productExternalId: pools.productExternalIds[(i * 7) % pools.productExternalIds.length],
      }] } };
    }
    request.body = JSON.stringify(body);
    return request;
  };
}

interface MinuteResult { requests: number; errors: number; graphqlErrors: number; p50: number; p99: number; rate: number }

async function drive(url: string, pools: Pools, seconds: number, rate: number, connections: number): Promise<MinuteResult> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- autocannon ships no types
  const autocannon = require('autocannon');
  let graphqlErrors = 0;
  const result = await autocannon({
    url, method: 'POST', headers: { 'content-type': 'application/json' }, connections, duration: seconds, overallRate: rate,
    requests: [{
      method: 'POST', setupRequest: requestMaker(pools),
      onResponse: (status: number, body: string) => {
        if (status === 200 && body.includes('"errors"')) graphqlErrors++;
      },
    }],
  });
  return {
    requests: result.requests.total, errors: result.errors + result.timeouts + result.non2xx + graphqlErrors, graphqlErrors,
    p50: result.latency.p50, p99: result.latency.p99, rate: Math.round(result.requests.average),
  };
}

export async function run(): Promise<void> {
  const seconds = Number(process.env.AISLE_SOAK_SECONDS ?? 300);
  const rate = Number(process.env.AISLE_SOAK_RATE ?? 200);
  const connections = Number(process.env.AISLE_SOAK_CONNECTIONS ?? 16);
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `aisle_soak_${randomBytes(5).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  const config = { ...loadConfig(process.env), port: 0, host: '127.0.0.1', databaseUrl: dbUrl.toString(), demoOnEmpty: true };
  config.jobs = { ...config.jobs, queue: 'memory' };
  // the soak measures steady serving, not the limiter: no per-key or open-rate throttling
  config.limits = { ...config.limits, rate: { ...config.limits.rate, ADMIN: { perSecond: 1e6, burst: 1e6 } } };
  const aisle = await startAisle(config, createLogger('fatal'));
  try {
    for (;;) {
      const [row] = await adminQuery(dbUrl.toString(), `SELECT count(*) FILTER (WHERE status = 'READY')::int AS ready,
        count(*) FILTER (WHERE status = 'TRAINING')::int AS training FROM model_versions`);
      if (row.ready >= 3 && row.training === 0) break;
      await sleep(200);
    }
    const db = dbUrl.toString();
    const pools: Pools = {
      userIds: (await adminQuery(db, `SELECT DISTINCT user_id::text AS v FROM events ORDER BY 1 LIMIT 2000`)).map((r) => r.v),
      userExternalIds: (await adminQuery(db, `SELECT external_id AS v FROM users ORDER BY id LIMIT 2000`)).map((r) => r.v),
      productExternalIds: (await adminQuery(db, `SELECT external_id AS v FROM products WHERE active ORDER BY id`)).map((r) => r.v),
    };
    await drive(aisle.url, pools, 5, rate, connections); // warm-up: JIT, caches, pool
    const baseline = heapAfterGc();
    emit({ warmed_up: true, ...baseline });
    const totals = { requests: 0, errors: 0, graphql_errors: 0, worst_p99_ms: 0 };
    const minutes: Array<ReturnType<typeof heapAfterGc>> = [];
    for (let done = 0, minute = 1; done < seconds; minute++) {
      const span = Math.min(60, seconds - done);
      const r = await drive(aisle.url, pools, span, rate, connections);
      done += span;
      const memory = heapAfterGc();
      minutes.push(memory);
      totals.requests += r.requests;
      totals.errors += r.errors;
      totals.graphql_errors += r.graphqlErrors;
      totals.worst_p99_ms = Math.max(totals.worst_p99_ms, r.p99);
      emit({ minute, seconds: span, requests: r.requests, requests_per_s: r.rate, errors: r.errors, p50_ms: r.p50, p99_ms: r.p99, ...memory });
    }
    const last = minutes[minutes.length - 1];
    emit({
      final: true, seconds, target_rate: rate, connections, ...totals,
      heap_growth_mb: Number((last.heap_used_mb - baseline.heap_used_mb).toFixed(1)),
      rss_growth_mb: Number((last.rss_mb - baseline.rss_mb).toFixed(1)), ...last,
    });
  } finally {
    await sleep(500);
    await aisle.stop();
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
