import { Command } from 'commander';
import type { RegisterCommand } from '../../src/cli/commands';

/**
 * Runs `aisle <args>` in this process with only the given commands registered (the real command code, no child
 * process) and returns the stdout lines it printed. `env` is applied for the run (e.g. DATABASE_URL) and restored.
 */
export async function runCli(register: RegisterCommand | RegisterCommand[], args: string[],
  env: Record<string, string | undefined> = {}): Promise<string[]> {
  const program = new Command('aisle').option('--json', 'JSON output', false).exitOverride();
  for (const r of Array.isArray(register) ? register : [register]) r(program);
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const out: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return out.join('').split('\n').filter(Boolean);
}
