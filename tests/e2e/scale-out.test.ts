import { setTimeout as sleep } from 'node:timers/promises';
import { loadDemoShop } from '../../src/domain/demo';
import { postGraphQL, ServerProcess, startCliProcess, startServerProcess } from '../support/cli-process';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Issue 6's scale-out check on one machine: two API processes that work no jobs (AISLE_RUN_JOBS=0) and one
 * `aisle worker`, all on one PostgreSQL with the pg-boss queue. Training asked of API A runs on the worker, and
 * API B serves the model it produced.
 */
describe('two API processes and a worker share jobs and models', () => {
  let db: TestDatabase;
  const processes: ServerProcess[] = [];
  let apiA: ServerProcess;
  let apiB: ServerProcess;

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const value = await probe();
      if (value !== undefined) return value;
      await sleep(200);
    }
    throw new Error(`timed out waiting for ${what}:\n${processes.map((p) => p.stderr().slice(-1500)).join('\n---\n')}`);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoShop(db.dataSource, { users: 200, products: 60, days: 60, seed: 3 });
    const env = {
      ...process.env, DATABASE_URL: db.url, AISLE_JOB_QUEUE: 'pgboss', PORT: '0', HOST: '127.0.0.1',
      LOG_LEVEL: 'warn', NODE_ENV: 'development', AISLE_SERVING_MODEL: 'ALS',
    };
    processes.push(await startCliProcess('worker', '"worker"', env));
    apiA = await startServerProcess({ ...env, AISLE_RUN_JOBS: '0' });
    apiB = await startServerProcess({ ...env, AISLE_RUN_JOBS: '0' });
    processes.push(apiA, apiB);
  }, 120_000);

  afterAll(async () => {
    for (const p of processes) p.child.kill('SIGTERM');
    const codes = await Promise.all(processes.map((p) => p.exit()));
    await db.drop();
    expect(codes).toEqual([0, 0, 0]);
  }, 60_000);

  it('trains on the worker and serves the new model from the other API process', async () => {
    // API A queued the starter models at boot; the worker trains them
    await until('starter models', async () => {
      const { data } = await postGraphQL(apiB.url, `{ models(first: 10) { edges { node { kind status active } } } }`);
      const ready = data.models.edges.filter((e: any) => e.node.status === 'READY').length;
      return ready >= 3 ? ready : undefined;
    });
    const started = await postGraphQL(apiA.url, `mutation { trainModel(kind: ALS, params: { factors: 8, iterations: 3 }) { id status } }`);
    expect(started.errors).toBeUndefined();
    const jobId = started.data.trainModel.id;
    const job = await until('the ALS job', async () => {
      const { data } = await postGraphQL(apiB.url, `query($id: ID!) { job(id: $id) { status result } }`, { id: jobId });
      return ['SUCCEEDED', 'FAILED'].includes(data.job.status) ? data.job : undefined;
    });
    expect(job.status).toBe('SUCCEEDED');
    const activated = await postGraphQL(apiA.url, `mutation($id: ID!) { activateModel(id: $id) { id active } }`, { id: job.result.modelId });
    expect(activated.data.activateModel.active).toBe(true);
    const [buyer] = await db.dataSource.query(`SELECT user_id::text AS id FROM events WHERE type = 'PURCHASE' GROUP BY user_id ORDER BY count(*) DESC LIMIT 1`);
    const served = await until('API B to serve the new version', async () => {
      const body = await postGraphQL(apiB.url, `query($u: ID!) { recommendations(userId: $u, first: 5) { modelId source } }`, { u: buyer.id });
      return body.data.recommendations.modelId === job.result.modelId ? body.data.recommendations : undefined;
    }, 10_000);
    expect(served.source).toBe('ALS');
    // neither API process ran a job: pg-boss handed them all to the worker
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM jobs WHERE status <> 'SUCCEEDED'`);
    expect(n).toBe(0);
  }, 120_000);
});
