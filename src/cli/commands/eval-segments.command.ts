import type { Command } from 'commander';
import { prepareSegmentsData, readOnlineRetailInvoices, runSegmentsReport } from '../../domain/segments/evaluation';
import { createCliContext, type CliContext } from '../cli-context';

interface EvalSegmentsFlags {
  onlineRetail: string;
}

/** Readable lines for a person; --json prints the one record as it is. */
function humanReport(record: Record<string, unknown>): string {
  return Object.entries(record)
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('\n');
}

/**
 * `aisle eval segments --online-retail <file>`: RFM segments as of the day after the last invoice and the CLV
 * models with a 90-day holdout, over customers with a CustomerID (cancellations and returns net). One record.
 */
async function evalSegments(ctx: CliContext, flags: EvalSegmentsFlags): Promise<void> {
  const started = process.hrtime.bigint();
  const source = await readOnlineRetailInvoices(flags.onlineRetail);
  const readSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const report = await runSegmentsReport(prepareSegmentsData(source));
  const record = {
    ...report,
    rows: source.rows,
    guest_rows: source.guestRows,
    skipped: source.skipped,
    read_seconds: Number(readSeconds.toFixed(3)),
    seconds: Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(3)),
  };
  ctx.print(record, humanReport(record));
}

export function registerEvalSegments(evaluation: Command): void {
  evaluation
    .command('segments')
    .description('Online Retail: users, RFM segment counts, CLV parameters and a 90-day holdout check (one record)')
    .requiredOption('--online-retail <file>', 'UCI Online Retail CSV (plain or gzip)')
    .action(async (flags: EvalSegmentsFlags, cmd: Command) => {
      const ctx = createCliContext(Boolean(cmd.optsWithGlobals().json));
      await evalSegments(ctx, flags);
    });
}
