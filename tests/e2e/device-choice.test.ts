import { capabilities } from '../../src/compute';
import { postGraphQL, startServerProcess } from '../support/cli-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Issue 7's start-up check: `aisle serve` with AISLE_DEVICE=cuda refuses to start when no CUDA device answers,
 * naming the reason; with AISLE_DEVICE=auto it serves on the CPU and its health says CUDA is unavailable and why.
 */
describe('AISLE_DEVICE at server start', () => {
  let db: TestDatabase;
  const caps = capabilities();
  const env = () => ({
    ...process.env, DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'development',
    AISLE_DEMO_ON_EMPTY: '0', AISLE_RUN_JOBS: '0',
  });

  beforeAll(async () => {
    db = await createTestDatabase();
  }, 60_000);
  afterAll(() => db.drop());

  it('refuses AISLE_DEVICE=cuda without a device, with a clear message', async () => {
    if (caps.cuda.available) {
      return void console.log('device-choice: a CUDA device answers here, so AISLE_DEVICE=cuda is accepted');
    }
    const failure = await startServerProcess({ ...env(), AISLE_DEVICE: 'cuda' }).then(
      async (p) => {
        p.child.kill('SIGTERM');
        await p.exit();
        return 'it started';
      },
      (e: Error) => e.message,
    );
    expect(failure).toMatch(/^server exited with 1 before serving/);
    expect(failure).toContain(`AISLE_DEVICE=cuda but no CUDA device is available: ${caps.cuda.reason}`);
  }, 60_000);

  it('serves on the CPU with AISLE_DEVICE=auto and reports the device in health', async () => {
    const server = await startServerProcess({ ...env(), AISLE_DEVICE: 'auto' });
    try {
      const body = await postGraphQL(server.url, `{ health { database addon { cuda cudaCompiled cudaReason } } }`);
      expect(body.errors).toBeUndefined();
      expect(body.data.health.database).toBe('ok');
      expect(body.data.health.addon).toEqual({
        cuda: caps.cuda.available, cudaCompiled: caps.cuda.compiled, cudaReason: caps.cuda.reason ?? null,
      });
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exit()).toBe(0);
    }
  }, 90_000);
});
