import type { Command } from 'commander';
import {
  clvFitRecord, fitClvModels, formatDay, parseDay, readTransactionsCsv, summariseTransactions, TIME_UNIT_DAYS,
  type TimeUnit,
} from '../../domain/marketing/clv';
import { createCliContext, type CliContext } from '../cli-context';

interface EvalClvFlags {
  transactions: string;
  calibrationEnd: string;
  timeUnit: string;
}

function parseFlags(flags: EvalClvFlags): { endDay: number; unit: TimeUnit } {
  const endDay = parseDay(flags.calibrationEnd);
  if (endDay === null) throw new Error(`--calibration-end must be a date YYYY-MM-DD (got ${flags.calibrationEnd})`);
  if (!(flags.timeUnit in TIME_UNIT_DAYS)) throw new Error(`--time-unit must be day or week (got ${flags.timeUnit})`);
  return { endDay, unit: flags.timeUnit as TimeUnit };
}

/**
 * `aisle eval clv`: BG/NBD + Gamma-Gamma fitted by maximum likelihood on any `customer_id,date,amount` log, with
 * the calibration summary built the practitioners' way (see transactions-summary.ts). One line.
 */
async function evalClv(ctx: CliContext, flags: EvalClvFlags): Promise<void> {
  const { endDay, unit } = parseFlags(flags);
  const started = process.hrtime.bigint();
  const log = await readTransactionsCsv(flags.transactions);
  const summaries = summariseTransactions(log.transactions, endDay, unit);
  if (summaries.length === 0) throw new Error(`no customer purchased on or before ${formatDay(endDay)}`);
  const fit = fitClvModels(summaries);
  const record = {
    ...clvFitRecord(fit),
    time_unit: unit,
    calibration_end: formatDay(endDay),
    transactions: log.transactions.length,
    skipped: log.skipped,
    fit_seconds: Number(fit.seconds.toFixed(3)),
    seconds: Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(3)),
  };
  const human =
    `BG/NBD r ${record.r}  alpha ${record.alpha}  a ${record.a}  b ${record.b}  loglik ${record.loglik}\n` +
    `Gamma-Gamma p ${record.p}  q ${record.q}  v ${record.v}  gg_loglik ${record.gg_loglik}\n` +
    `customers ${record.customers}  repeat ${record.repeat_customers}  unit ${unit}  ` +
    `calibration end ${record.calibration_end}  ${record.seconds}s`;
  ctx.print(record, human);
}

export function registerEvalClv(evaluation: Command): void {
  evaluation
    .command('clv')
    .description('BG/NBD + Gamma-Gamma ML fit on a customer_id,date,amount CSV: r, alpha, a, b, p, q, v, loglik')
    .requiredOption('--transactions <file>', 'CSV (plain or gzip) with header customer_id,date,amount')
    .requiredOption('--calibration-end <date>', 'last day of the calibration period, YYYY-MM-DD (inclusive)')
    .option('--time-unit <unit>', 'day or week (fractional weeks = days / 7)', 'week')
    .action(async (flags: EvalClvFlags, cmd: Command) => {
      const ctx = createCliContext(Boolean(cmd.optsWithGlobals().json));
      await evalClv(ctx, flags);
    });
}
