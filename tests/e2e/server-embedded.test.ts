import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { AISLE_BIN, postGraphQL, startServerProcess } from '../support/cli-process';

/**
 * README command one, end to end: no DATABASE_URL, so `aisle serve` starts an embedded PostgreSQL under
 * AISLE_DATA_DIR, migrates, loads the demo shop and serves; SIGTERM stops both; a second start reuses the data.
 */
describe('aisle serve on the embedded database', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisle-serve-'));
  const env = {
    ...process.env,
    DATABASE_URL: undefined,
    AISLE_TEST_DATABASE_URL: undefined,
    AISLE_DATA_DIR: dataDir,
    AISLE_EMBEDDED_PG_PORT: String(55000 + Math.floor(Math.random() * 1000)),
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
  };
  const query = `{ health { database } products(first: 5) { totalCount edges { node { id externalId name price category { name } } } } }`;

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves the demo shop, stops cleanly on SIGTERM and reuses the data on restart', async () => {
    const first = await startServerProcess(env);
    const body = await postGraphQL(first.url, query);
    expect(body.errors).toBeUndefined();
    expect(body.data.health.database).toBe('ok');
    expect(body.data.products.totalCount).toBeGreaterThan(0);
    expect(body.data.products.edges[0].node.category.name).toEqual(expect.any(String));
    // the first start also refreshes segments and profiles, so they are served from the first request
    const segments = await postGraphQL(first.url, `{ segments { kind size } users(first: 50) { edges { node { profile { rfmSegment clv } } } } }`);
    expect(segments.data.segments.filter((s: any) => s.kind === 'RFM')).toHaveLength(11);
    expect(segments.data.segments.reduce((n: number, s: any) => n + s.size, 0)).toBeGreaterThan(0);
    expect(segments.data.users.edges.some((e: any) => e.node.profile?.rfmSegment && e.node.profile.clv > 0)).toBe(true);
    const written = await postGraphQL(first.url, `mutation { upsertProducts(input: [{ externalId: "persisted-1", name: "Kept", price: 3.5 }]) { created } }`);
    expect(written.data.upsertProducts.created).toBe(1);
    first.child.kill('SIGTERM');
    expect(await first.exit()).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await startServerProcess(env);
    const again = await postGraphQL(second.url, query);
    expect(again.data.products.totalCount).toBe(body.data.products.totalCount + 1);
    const kept = await postGraphQL(second.url, `{ product(externalId: "persisted-1") { name price } }`);
    expect(kept.data.product).toEqual({ name: 'Kept', price: 3.5 });
    second.child.kill('SIGINT');
    const code = await second.exit();
    if (code !== 0) console.log(second.stderr().slice(-4000));
    expect(code).toBe(0);
  }, 180_000);

  it('recovers after kill -9 left the embedded PostgreSQL orphaned', async () => {
    const victim = await startServerProcess(env);
    victim.child.kill('SIGKILL');
    await victim.exit();
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(true);
    const next = await startServerProcess(env);
    const body = await postGraphQL(next.url, `{ product(externalId: "persisted-1") { name } }`);
    expect(body.data.product).toEqual({ name: 'Kept' });
    // a command run beside the server shares its embedded cluster instead of stopping it
    const key = execFileSync(process.execPath, [AISLE_BIN, '--json', 'keys', 'create', '--role', 'ADMIN', '--name', 'ops'], { env: env as NodeJS.ProcessEnv, encoding: 'utf8' });
    const { secret } = JSON.parse(key.trim().split('\n').pop()!);
    const withKey = await fetch(next.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ health { database } }' }),
    }).then((r) => r.json() as Promise<any>);
    expect(withKey.data.health.database).toBe('ok');
    next.child.kill('SIGTERM');
    expect(await next.exit()).toBe(0);
  }, 180_000);
});
