import path from 'node:path';
import type { Command } from 'commander';
import { FORECAST_MODELS, type ForecastModelName } from '../../compute';
import {
  accuracyRows, DEFAULT_EVAL_MODELS, evaluateFile, pool, type AccuracyRow, type AccuracySums, type EvaluationFile,
} from '../../domain/forecasts/evaluation';
import { createCliContext, type CliContext } from '../cli-context';

interface EvalForecastsFlags {
  train: string;
  test: string;
  horizon: string;
  season: string;
  maseSeason?: string;
  models: string;
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/** A comma-separated list of positive integers, one per file (a single value applies to every file). */
function integers(flag: string, text: string, files: number): number[] {
  const values = text.split(',').map((s) => Number(s.trim()));
  if (values.some((v) => !Number.isInteger(v) || v < 1)) throw new Error(`${flag} must list positive integers (got ${text})`);
  if (values.length === 1) return Array<number>(files).fill(values[0]);
  if (values.length !== files) throw new Error(`${flag} lists ${values.length} values for ${files} files`);
  return values;
}

function filesOf(flags: EvalForecastsFlags): EvaluationFile[] {
  const train = flags.train.split(',').map((s) => s.trim());
  const test = flags.test.split(',').map((s) => s.trim());
  if (train.length !== test.length) throw new Error(`--train lists ${train.length} files but --test ${test.length}`);
  const horizon = integers('--horizon', flags.horizon, train.length);
  const season = integers('--season', flags.season, train.length);
  const maseSeason = flags.maseSeason ? integers('--mase-season', flags.maseSeason, train.length) : season;
  return train.map((t, i) => ({ train: t, test: test[i], horizon: horizon[i], season: season[i], maseSeason: maseSeason[i] }));
}

function modelsOf(text: string): ForecastModelName[] {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!FORECAST_MODELS.includes(n as ForecastModelName)) throw new Error(`--models: unknown model ${n}; known: ${FORECAST_MODELS.join(',')}`);
  }
  return names as ForecastModelName[];
}

function report(ctx: CliContext, file: string, row: AccuracyRow): void {
  const record = {
    file, model: row.model, smape: round(row.smape), mase: round(row.mase), owa: round(row.owa),
    coverage95: round(row.coverage95), series: row.series, seconds: round(row.seconds, 3),
  };
  const human = `${file.padEnd(18)} ${row.model.padEnd(28)} sMAPE ${record.smape.toFixed(3)}  MASE ${record.mase.toFixed(3)}  ` +
    `OWA ${record.owa.toFixed(3)}  cov95 ${record.coverage95.toFixed(3)}  series ${row.series}  ${record.seconds}s`;
  ctx.print(record, human);
}

/**
 * `aisle eval forecasts`: M4-format train/test pairs (comma-separated lists evaluate several files; then a
 * series-weighted "total" follows), one line per file and model with sMAPE, MASE, OWA against Naive2 from the same
 * run, 95% interval coverage and seconds. The automatic choice is reported as model "auto".
 */
async function evalForecasts(ctx: CliContext, flags: EvalForecastsFlags): Promise<void> {
  const files = filesOf(flags);
  const models = modelsOf(flags.models);
  const sums: AccuracySums[][] = [];
  for (const f of files) {
    const rows = await evaluateFile(f, models);
    sums.push(rows);
    for (const row of accuracyRows(rows)) report(ctx, path.basename(f.train), row);
  }
  if (files.length > 1) for (const row of accuracyRows(pool(sums))) report(ctx, 'total', row);
}

export function registerEvalForecasts(evaluation: Command): void {
  evaluation
    .command('forecasts')
    .description('M4-format files: sMAPE, MASE, OWA (vs Naive2), coverage95 per model (one JSON line each with --json)')
    .requiredOption('--train <files>', 'M4-format training file(s), comma-separated')
    .requiredOption('--test <files>', 'matching test file(s), comma-separated')
    .requiredOption('--horizon <h>', 'forecast horizon (one per file, comma-separated, or one for all)')
    .option('--season <m>', 'seasonal period of the models (per file or one for all)', '1')
    .option('--mase-season <m>', "MASE's seasonal-naive period (default: --season)")
    .option('--models <list>', `comma-separated, from ${FORECAST_MODELS.join(',')}`, DEFAULT_EVAL_MODELS.join(','))
    .action(async (flags: EvalForecastsFlags, cmd: Command) => {
      const ctx = createCliContext(Boolean(cmd.optsWithGlobals().json));
      await evalForecasts(ctx, flags);
    });
}
