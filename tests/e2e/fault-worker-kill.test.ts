import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import type { RequestContext } from '../../src/domain/common/request-context';
import { loadDemoShop } from '../../src/domain/demo';
import { PgBossJobQueue } from '../../src/domain/jobs/pg-boss-queue';
import { ServerProcess, startCliProcess } from '../support/cli-process';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Issue 6: `kill -9` of a worker mid-training. pg-boss holds the killed attempt active until it expires (10 s here;
 * the surviving worker's maintenance runs every 5 s), then a second worker retries it. The retry marks the version
 * the dead attempt left TRAINING as FAILED and trains its own; at no moment is a version that is not READY active.
 */
const EXPIRE_SECONDS = 10;

describe('a worker killed mid-training', () => {
  let db: TestDatabase;
  let ctx: RequestContext;
  let queue: PgBossJobQueue;
  const workers: ServerProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoShop(db.dataSource, { users: 600, products: 150, days: 120, seed: 5 });
    ctx = { requestId: 't', logger: pino({ level: 'silent' }), dataSource: db.dataSource, limits: { maxBatch: 10 } };
    // this process only enqueues (as an API replica with AISLE_RUN_JOBS=0 would); the handler never runs here
    queue = new PgBossJobQueue({
      connectionString: db.url, work: false, concurrency: 1, progressIntervalMs: 100,
      expireInSeconds: EXPIRE_SECONDS, retryLimit: 2, ctx,
    });
    queue.handle('TRAIN_MODEL', async () => ({}));
    await queue.start();
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exit()));
    await queue.stop(1_000);
    await db.drop();
  }, 60_000);

  function startWorker(): Promise<ServerProcess> {
    return startCliProcess('worker', '"worker"', {
      ...process.env, DATABASE_URL: db.url, AISLE_JOB_QUEUE: 'pgboss', AISLE_JOB_EXPIRE_SECONDS: String(EXPIRE_SECONDS),
      AISLE_JOB_RETRIES: '2', LOG_LEVEL: 'warn', NODE_ENV: 'development',
    }).then((w) => (workers.push(w), w));
  }

  async function jobRow(id: string): Promise<{ status: string; progress: number; error: string | null }> {
    const [row] = await db.dataSource.query(`SELECT status, progress, error FROM jobs WHERE id = $1`, [id]);
    return row;
  }

  it('is retried by another worker, ends SUCCEEDED, and never leaves a non-READY version active', async () => {
    const job = await queue.enqueue(ctx, 'TRAIN_MODEL', { modelKind: 'ALS', params: { factors: 192, iterations: 90 } });
    const invariantBreaks: unknown[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const rows = await db.dataSource.query(`SELECT id, status FROM model_versions WHERE active AND status <> 'READY'`);
        if (rows.length > 0) invariantBreaks.push(rows);
        await sleep(50);
      }
    })();

    const first = await startWorker();
    const deadline = Date.now() + 60_000;
    // 0.25: data loaded and the holdout split; the job is now inside ALS training (about 1–2 s here)
    while ((await jobRow(job.id)).progress < 0.25) {
      if (Date.now() > deadline) throw new Error(`training never reported progress:\n${first.stderr().slice(-2000)}`);
      await sleep(25);
    }
    const before = await jobRow(job.id);
    expect(before.status).toBe('RUNNING');
    expect(before.progress).toBeLessThan(1); // killed mid-way, not after the save
    first.child.kill('SIGKILL');
    expect(await first.exit()).toBeNull();
    const [left] = await db.dataSource.query(`SELECT id, status, active FROM model_versions WHERE job_id = $1`, [job.id]);
    expect(left).toMatchObject({ status: 'TRAINING', active: false });

    const second = await startWorker();
    let final = await jobRow(job.id);
    while (!['SUCCEEDED', 'FAILED'].includes(final.status)) {
      if (Date.now() > deadline + 30_000) throw new Error(`the job was not retried:\n${second.stderr().slice(-2000)}`);
      await sleep(200);
      final = await jobRow(job.id);
    }
    watching = false;
    await watcher;

    expect(final).toMatchObject({ status: 'SUCCEEDED', error: null });
    const versions = await db.dataSource.query(
      `SELECT id, status, active FROM model_versions WHERE job_id = $1 ORDER BY id`, [job.id]);
    // the killed attempt's version is FAILED; the last is READY and active (the first ALS version is activated on
    // save); any in between (a retry that overran the expiry on a loaded machine) is FAILED too
    expect(versions[0]).toMatchObject({ id: left.id, status: 'FAILED', active: false });
    expect(versions[versions.length - 1]).toMatchObject({ status: 'READY', active: true });
    expect(versions.slice(0, -1).every((v: any) => v.status === 'FAILED' && !v.active)).toBe(true);
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(invariantBreaks).toEqual([]);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM model_versions WHERE status = 'TRAINING'`);
    expect(n).toBe(0);
  }, 120_000);
});
