import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { AisleError } from '../../src/domain/common/errors';
import type { RequestContext } from '../../src/domain/common/request-context';
import { INTERRUPTED_MESSAGE, JobRunner } from '../../src/domain/jobs/job-runner';
import { JobService } from '../../src/domain/jobs/job.service';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('the in-process job runner', () => {
  let db: TestDatabase;
  let ctx: RequestContext;
  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = { requestId: 't', logger: pino({ level: 'silent' }), dataSource: db.dataSource, limits: { maxBatch: 10 } };
  });
  afterAll(() => db.drop());

  it('marks jobs a dead process left QUEUED or RUNNING as FAILED (interrupted) on first use', async () => {
    await db.dataSource.query(`INSERT INTO jobs (kind, status, progress) VALUES ('X', 'RUNNING', 0.4), ('X', 'QUEUED', 0), ('X', 'SUCCEEDED', 1)`);
    const service = new JobService(new JobRunner({ concurrency: 1, progressIntervalMs: 50 }));
    const page = await service.list(ctx, { first: 10 });
    expect(page.edges.map((e) => [e.node.status, e.node.error])).toEqual([
      ['SUCCEEDED', null],
      ['FAILED', INTERRUPTED_MESSAGE],
      ['FAILED', INTERRUPTED_MESSAGE],
    ]);
  });

  it('runs one job at a time, throttles progress writes, and records results and coded failures', async () => {
    const runner = new JobRunner({ concurrency: 1, progressIntervalMs: 100 });
    const service = new JobService(runner);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = await runner.enqueue(ctx, 'SLOW', {}, async (job) => {
      for (let i = 1; i <= 200; i++) job.progress(i / 400, `step ${i}`);
      await gate;
      return { done: true };
    });
    const second = await runner.enqueue(ctx, 'BAD', {}, async () => {
      throw new AisleError('MODEL_NOT_READY', 'nothing to learn from');
    });
    await sleep(150);
    expect((await service.get(ctx, first.id))!.status).toBe('RUNNING');
    expect((await service.get(ctx, second.id))!.status).toBe('QUEUED');
    const running = (await service.get(ctx, first.id))!;
    expect(running.progress).toBe(0.5);
    expect(running.message).toBe('step 200');
    release();
    await runner.idle();
    expect(await service.get(ctx, first.id)).toMatchObject({ status: 'SUCCEEDED', progress: 1, result: { done: true } });
    expect(await service.get(ctx, second.id)).toMatchObject({
      status: 'FAILED',
      error: 'MODEL_NOT_READY: nothing to learn from',
    });
  });
});
