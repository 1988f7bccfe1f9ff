import type { Command } from 'commander';
import { ROLES } from '../../domain/auth/principal';
import { createCliContext, withDatabase, type CliContext } from '../cli-context';
import { commandServices } from './train.command';

const SHELL = { keyId: null, name: 'aisle keys (shell)', role: 'ADMIN' as const };

function keysAction<T extends unknown[]>(fn: (ctx: CliContext, ...args: T) => Promise<void>) {
  return async (...args: [...T, Record<string, unknown>, Command]) => {
    const cmd = args[args.length - 1] as Command;
    await fn(createCliContext(Boolean(cmd.optsWithGlobals().json)), ...(args.slice(0, -1) as unknown as T));
  };
}

/** `aisle keys create|list|revoke`: key administration from the shell (whoever runs it owns the database). */
export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('create, list and revoke API keys');
  keys
    .command('create')
    .description('create a key; its secret is printed once (with --json: the "secret" field)')
    .requiredOption('--role <role>', ROLES.join('|'))
    .requiredOption('--name <name>', 'who or what the key is for')
    .action(keysAction(async (ctx, opts: { role: string; name: string }) => {
      await withDatabase(ctx, async (db) => {
        const { services, request } = commandServices(ctx, db.dataSource);
        const key = await services.apiKeys.create(request, opts.role.toUpperCase(), opts.name);
        await services.audit.record(request, SHELL, 'createApiKey', key.id, { role: key.role, name: key.name });
        ctx.print({ ...key }, `created ${key.role} key ${key.id} "${key.name}"; secret (shown once): ${key.secret}`);
      });
    }));
  keys
    .command('list')
    .description('list keys (never secrets)')
    .action(keysAction(async (ctx) => {
      await withDatabase(ctx, async (db) => {
        const { services, request } = commandServices(ctx, db.dataSource);
        for (const key of await services.apiKeys.list(request)) {
          ctx.print({ ...key }, `${key.id.padStart(4)}  ${key.role.padEnd(10)} ${key.prefix}…  ${key.name}${key.revokedAt ? '  (revoked)' : ''}`);
        }
      });
    }));
  keys
    .command('revoke')
    .argument('<id>', 'key id')
    .description('revoke a key')
    .action(keysAction(async (ctx, id: string) => {
      await withDatabase(ctx, async (db) => {
        const { services, request } = commandServices(ctx, db.dataSource);
        const key = await services.apiKeys.revoke(request, id);
        await services.audit.record(request, SHELL, 'revokeApiKey', key.id);
        ctx.print({ ...key }, `revoked key ${key.id} "${key.name}"`);
      });
    }));
}
