import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const AISLE_BIN = path.join(ROOT, 'bin', 'aisle.js');

/** A running `aisle serve` child and helpers to talk to it. */
export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr(): string;
  exit(): Promise<number | null>;
}

/** Starts the real CLI (compiled by `npm test`'s pretest) and waits for its --json "serving" line. */
export function startServerProcess(env: Record<string, string | undefined>, timeoutMs = 90_000): Promise<ServerProcess> {
  return startCliProcess('serve', '"url"', env, timeoutMs);
}

/** Starts `aisle --json <command>` and resolves once stdout has a JSON line containing `readyMarker`. */
export function startCliProcess(command: string, readyMarker: string, env: Record<string, string | undefined>,
  timeoutMs = 90_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [AISLE_BIN, '--json', command], { env: env as NodeJS.ProcessEnv, cwd: ROOT });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${err.slice(-3000)}`)), timeoutMs);
    const exitedEarly = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before serving:\n${err.slice(-3000)}`));
    };
    child.on('exit', exitedEarly);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{') && l.includes(readyMarker));
      if (!line) return;
      clearTimeout(timer);
      child.off('exit', exitedEarly);
      resolve({ child, url: JSON.parse(line).url ?? '', stderr: () => err, exit: () => exited });
    });
  });
}

/** POSTs one GraphQL operation over HTTP and returns the parsed body. */
export async function postGraphQL(url: string, query: string, variables?: Record<string, unknown>): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}
