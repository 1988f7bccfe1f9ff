import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  capabilities, crostonReference, forecast, sesReference, thetaReference, type ForecastModelName, type SeriesBatch,
} from '../src/compute';
import { Mulberry32 } from '../src/compute/reference/mulberry32';

/**
 * Forecasting benchmark: synthetic daily demand, 30,000 series × 730 days by default (AISLE_BENCH_SERIES and
 * AISLE_BENCH_DAYS change the size), horizon 28, weekly season, intervals at 80 and 95. Prints one JSON line per
 * result:
 * - the fast family (naive, SES, Croston, Theta) and the automatic choice (median of ETS by AICc, Theta, optimised
 *   Theta and damped; SBA for intermittent series) over every series; targets ≤ 10 s for the fast family together and ≤ 5 min for auto
 *   on 2 cores;
 * - baseline: the TypeScript references (SES, Theta and Croston with fixed parameters) on a subset, scaled per
 *   series to the full size;
 * - when python3 with statsmodels is installed: statsmodels ExponentialSmoothing (additive trend, damped, weekly
 *   additive season, fitted by its optimiser) on a subset of the same series, scaled per series.
 * `aisle bench forecast` after `npm run build`.
 */
const HORIZON = 28;
const SEASON = 7;

function emit(record: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ bench: 'forecast', ...record }) + '\n');
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/** Two thirds smooth (level, trend, weekly pattern, noise), one third intermittent counts. */
function syntheticDaily(count: number, days: number, seed: number): SeriesBatch {
  const rng = new Mulberry32(seed);
  const values = new Float64Array(count * days);
  const offsets = Int32Array.from({ length: count + 1 }, (_, i) => i * days);
  for (let i = 0; i < count; i++) {
    const level = 5 + 100 * rng.next(), trend = (rng.next() - 0.5) * level / days, amp = 0.3 * rng.next();
    const p = 0.05 + 0.4 * rng.next(), intermittent = i % 3 === 2;
    for (let t = 0; t < days; t++) {
      const weekly = 1 + amp * Math.sin((2 * Math.PI * t) / SEASON);
      const smooth = Math.max(0, (level + trend * t) * weekly * (1 + 0.2 * (rng.next() - 0.5)));
      values[i * days + t] = intermittent ? (rng.next() < p ? 1 + Math.floor(rng.next() * 5) : 0) : Math.round(smooth);
    }
  }
  return { values, offsets };
}

async function timeModel(batch: SeriesBatch, model: ForecastModelName): Promise<number> {
  const start = process.hrtime.bigint();
  await forecast(batch, { horizon: HORIZON, season: SEASON, model });
  return seconds(start);
}

function referenceBaseline(batch: SeriesBatch, subset: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < subset; i++) {
    const y = Array.from(batch.values.subarray(batch.offsets[i], batch.offsets[i + 1]));
    sesReference(y, HORIZON, 0.2);
    thetaReference(y, HORIZON, SEASON, 0.2);
    crostonReference(y, HORIZON, 'croston');
  }
  return seconds(start) / subset;
}

/** Seconds per series for statsmodels' ExponentialSmoothing, or undefined when python3/statsmodels is missing. */
function statsmodelsBaseline(batch: SeriesBatch, subset: number): number | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'aisle-bench-'));
  const rows = Array.from({ length: subset }, (_, i) => Array.from(batch.values.subarray(batch.offsets[i], batch.offsets[i + 1])).join(','));
  writeFileSync(path.join(dir, 'series.csv'), rows.join('\n'));
  const script = [
    'import sys, time, warnings', 'import numpy as np', 'from statsmodels.tsa.holtwinters import ExponentialSmoothing',
    'warnings.filterwarnings("ignore")', 'rows = [np.array([float(v) for v in l.split(",")]) for l in open(sys.argv[1])]',
    't = time.perf_counter()',
    'for y in rows: ExponentialSmoothing(y, trend="add", damped_trend=True, seasonal="add", seasonal_periods=7).fit().forecast(28)',
    'print((time.perf_counter() - t) / len(rows))',
  ].join('\n');
  // Debian's python3-statsmodels lives under /usr/bin/python3, which a pyenv shim on PATH may hide
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      const out = execFileSync(python, ['-c', script, path.join(dir, 'series.csv')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return Number(out.trim());
    } catch {
      // try the next interpreter
    }
  }
  return undefined;
}

export async function run(): Promise<void> {
  const series = Number(process.env.AISLE_BENCH_SERIES ?? 30_000);
  const days = Number(process.env.AISLE_BENCH_DAYS ?? 730);
  const { threads, simd, version } = capabilities();
  emit({ case: 'environment', threads, simd, version, series, days });
  const batch = syntheticDaily(series, days, 42);
  let fast = 0;
  for (const model of ['naive', 'ses', 'croston', 'theta'] as const) {
    const s = await timeModel(batch, model);
    fast += s;
    emit({ case: model, series, days, seconds: round(s), us_per_series: round((s / series) * 1e6, 1) });
  }
  emit({ case: 'fast_family_total', series, days, seconds: round(fast), target_seconds: 10 });
  const auto = await timeModel(batch, 'auto');
  emit({ case: 'auto', series, days, seconds: round(auto), us_per_series: round((auto / series) * 1e6, 1), target_seconds: 300 });
  const perRef = referenceBaseline(batch, Math.min(series, 1000));
  emit({ case: 'baseline_ts_reference_ses_theta_croston', subset: Math.min(series, 1000), us_per_series: round(perRef * 1e6, 1),
    seconds_scaled_to_full: round(perRef * series) });
  const subset = Math.min(series, 200);
  const perSm = statsmodelsBaseline(batch, subset);
  if (perSm === undefined) emit({ case: 'baseline_statsmodels', skipped: 'python3 with statsmodels not found' });
  else emit({ case: 'baseline_statsmodels_exponential_smoothing_damped_seasonal', subset, us_per_series: round(perSm * 1e6, 1),
    seconds_scaled_to_full: round(perSm * series) });
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
