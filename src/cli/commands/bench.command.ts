import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';

/** Compiled benchmarks live beside the compiled CLI: dist/bench/<name>.bench.js, each exporting run(). */
const BENCH_DIR = path.resolve(__dirname, '..', '..', '..', 'bench');

function available(): string[] {
  if (!existsSync(BENCH_DIR)) return [];
  return readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.js'))
    .map((f) => f.replace(/\.bench\.js$/, ''));
}

/** `aisle bench <name>`: runs one benchmark; it prints one JSON line per result, baselines included. */
export function registerBench(program: Command): void {
  program
    .command('bench')
    .argument('<name>', 'benchmark to run (e.g. topk, import)')
    .description('run a benchmark from bench/ (one JSON line per result)')
    .action(async (name: string) => {
      const names = available();
      if (!names.includes(name)) {
        throw new Error(`no benchmark "${name}"; available: ${names.join(', ') || 'none (run npm run build first)'}`);
      }
      const bench = require(path.join(BENCH_DIR, `${name}.bench.js`)) as { run(): Promise<void> };
      await bench.run();
    });
}
