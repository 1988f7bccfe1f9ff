import type { Command } from 'commander';
import { emitSchema } from '../../api/emit-schema';
import { createCliContext } from '../cli-context';

/** `aisle schema`: writes the SDL the code defines, so schema/schema.graphql can be committed with the change. */
export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('write schema/schema.graphql from the code')
    .option('--out <file>', 'where to write the SDL', 'schema/schema.graphql')
    .action(async (opts: { out: string }, cmd: Command) => {
      const ctx = createCliContext(Boolean(cmd.optsWithGlobals().json));
      await emitSchema(opts.out);
      ctx.print({ schema: opts.out }, `wrote ${opts.out}`);
    });
}
