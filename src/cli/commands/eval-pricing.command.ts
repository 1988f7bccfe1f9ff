import type { Command } from 'commander';
import { evaluatePricingOnDemo } from '../../domain/pricing';
import { createCliContext } from '../cli-context';

/**
 * Sizes of the evaluation shop. Larger than `aisle demo`'s default (2,000 users, 365 days): there a product
 * sells about 140 units a year, too few to pin an elasticity within 0.15 (docs/pricing.md has the table).
 */
export const EVAL_PRICING_DEFAULTS = { seed: 42, users: 20000, products: 400, days: 730, endDate: '2026-01-01' } as const;

interface EvalPricingFlags {
  demo?: boolean;
  seed: string;
  users: string;
  products: string;
  days: string;
  endDate: string;
}

function integer(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${flag} must be a non-negative integer (got ${text})`);
  return value;
}

const round = (x: number) => Number(x.toFixed(4));

/** `aisle eval pricing --demo`: estimated against planted elasticities on a demo shop generated in memory. */
export function registerEvalPricing(evaluation: Command): void {
  evaluation
    .command('pricing')
    .description('demo shop: estimated vs planted price elasticities (elasticity_mae, coverage of the 95 % intervals)')
    .requiredOption('--demo', 'generate the demo shop in memory (the only source for now)')
    .option('--seed <n>', 'demo seed', String(EVAL_PRICING_DEFAULTS.seed))
    .option('--users <n>', 'demo shoppers', String(EVAL_PRICING_DEFAULTS.users))
    .option('--products <n>', 'demo products', String(EVAL_PRICING_DEFAULTS.products))
    .option('--days <n>', 'days of history', String(EVAL_PRICING_DEFAULTS.days))
    .option('--end-date <date>', 'end of the history (YYYY-MM-DD, exclusive)', EVAL_PRICING_DEFAULTS.endDate)
    .action((flags: EvalPricingFlags, cmd: Command) => {
      const ctx = createCliContext(Boolean(cmd.optsWithGlobals().json));
      const options = {
        seed: integer(flags.seed, 'seed'),
        users: integer(flags.users, 'users'),
        products: integer(flags.products, 'products'),
        days: integer(flags.days, 'days'),
        endDate: flags.endDate,
      };
      const r = evaluatePricingOnDemo(options);
      const record = {
        elasticity_mae: round(r.elasticityMae),
        median_error: round(r.medianError),
        raw_mae: round(r.rawMae),
        interval_coverage: round(r.intervalCoverage),
        products: r.estimated,
        catalogue: r.products,
        skipped: r.skipped,
        seconds: Number(r.seconds.toFixed(2)),
        demo: options,
      };
      const human =
        `elasticity_mae ${record.elasticity_mae}  median ${record.median_error}  unpooled ${record.raw_mae}  ` +
        `95% coverage ${record.interval_coverage}  estimated ${r.estimated}/${r.products}  ${record.seconds}s`;
      ctx.print(record, human);
    });
}
