import { type Command, InvalidArgumentError } from 'commander';
import { loadDemoShop, resolveDemoOptions, type DemoOptions, type DemoSummary } from '../../domain/demo';
import { trainStarterModels } from '../../domain/models/starter-models';
import { createCliContext, withDatabase } from '../cli-context';
import { reportJobs, withJobServices } from './train.command';

function integer(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
}

function describe(s: DemoSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (!s.loaded) {
    return `the database already holds the demo shop (seed ${s.seed}, ${s.startDate} to ${s.endDate}); nothing loaded`;
  }
  return (
    `loaded the demo shop (seed ${s.seed}, ${s.startDate} to ${s.endDate}) in ${s.seconds.toFixed(1)} s: ` +
    `${n(s.users)} users, ${n(s.products)} products in ${n(s.categories)} categories, ${n(s.orders)} orders ` +
    `(${n(s.returns)} returns, ${n(s.cancelledOrders)} cancelled), ${n(s.orderLines)} order lines, ${n(s.events)} events`
  );
}

/**
 * `aisle demo`: loads the synthetic demo shop (planted groups, seasonality, trends, elasticities) into the
 * configured database, then trains the starter models (unless --no-train). Refuses a database holding other data; a second run reports the shop already there.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load a synthetic shop with planted structure into an empty database')
    .option('--users <n>', 'shoppers (default 2000)', integer)
    .option('--products <n>', 'products (default 400)', integer)
    .option('--days <n>', 'days of history (default 365)', integer)
    .option('--seed <n>', 'random seed; the same options give the same shop (default 42)', integer)
    .option('--end-date <YYYY-MM-DD>', 'first day after the history (default: today, UTC)')
    .option('--no-train', 'load only; do not train the starter models')
    .action(async (opts: DemoOptions & { train: boolean }, cmd: Command) => {
      const ctx = createCliContext(Boolean(cmd.optsWithGlobals().json));
      const options = resolveDemoOptions({
        users: opts.users,
        products: opts.products,
        days: opts.days,
        seed: opts.seed,
        endDate: opts.endDate,
      });
      await withDatabase(ctx, async (db) => {
        const summary = await loadDemoShop(db.dataSource, options);
        ctx.print({ ...summary }, describe(summary));
        if (!opts.train) return;
        await withJobServices(ctx, db, async (services, request) => {
          const jobs = await trainStarterModels(request, services.models, ctx.config.training.easeMaxItems);
          await reportJobs(ctx, services, request, jobs);
        });
      });
    });
}
