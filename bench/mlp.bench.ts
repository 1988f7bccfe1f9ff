import { capabilities, mlpContributions, mlpPredict, mlpPredictReference, mlpWeightCount, trainMlp, type MlpWeights } from '../src/compute';
import { seededRandom } from '../src/compute/reference/mulberry32';

/**
 * MLP benchmark. Prints one JSON line per result, each with a baseline measured in the same run:
 * - `predict`: inference of a 32-64-1 network (ReLU, sigmoid) on 1,000,000 rows, best of 5, against the
 *   TypeScript reference forward pass (src/compute/reference/mlp.reference.ts) on the same rows; goal ≥ 1M rows/s.
 *   `max_abs_diff` is the largest probability difference between the two.
 * - `contributions`: gradient × input attributions on the same rows (a forward and a backward pass per row).
 * - `train`: one training run of 100,000 × 32 rows, hidden [64], batch 256, 10 epochs (no early stop), reported as
 *   rows per second of training (epochs × training rows / time); baseline: one epoch of the same per-row work
 *   measured by the predict reference (forward only), for scale.
 * `node dist/bench/mlp.bench.js` or `aisle bench mlp` after `npm run build`.
 */
const ROWS = 1_000_000, D = 32, HIDDEN = [64], REPEATS = 5;

function emit(record: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ bench: 'mlp', ...record }) + '\n');
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

function model(next: () => number): MlpWeights {
  const weights = Float32Array.from({ length: mlpWeightCount(D, HIDDEN) }, () => (next() * 2 - 1) * 0.3);
  return { d: D, hidden: HIDDEN, weights, means: new Float32Array(D).fill(0.5), stds: new Float32Array(D).fill(0.3) };
}

async function bestMs(fn: () => Promise<unknown>, repeats: number): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    await fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export async function run(): Promise<void> {
  const threads = capabilities().threads;
  const next = seededRandom(42);
  const m = model(next);
  const x = Float32Array.from({ length: ROWS * D }, () => next());
  const input = { model: m, x, n: ROWS };
  await mlpPredict({ ...input, x: x.subarray(0, 10_000 * D), n: 10_000 }); // warm-up
  const nativeMs = await bestMs(() => mlpPredict(input), REPEATS);
  const start = performance.now();
  const reference = mlpPredictReference(m, x, ROWS);
  const referenceMs = performance.now() - start;
  const diff = maxAbsDiff(await mlpPredict(input), reference);
  const rate = (ms: number) => Math.round(ROWS / (ms / 1000));
  emit({
    result: 'predict', network: `${D}-${HIDDEN.join('-')}-1`, rows: ROWS, threads, aisle_ms: round(nativeMs, 1),
    aisle_rows_per_s: rate(nativeMs), reference_ms: round(referenceMs, 1), reference_rows_per_s: rate(referenceMs),
    speedup: round(referenceMs / nativeMs, 1), max_abs_diff: diff, goal_met: rate(nativeMs) >= 1_000_000,
  });
  const contribMs = await bestMs(() => mlpContributions(input), 3);
  emit({ result: 'contributions', network: `${D}-${HIDDEN.join('-')}-1`, rows: ROWS, threads, aisle_ms: round(contribMs, 1),
    aisle_rows_per_s: rate(contribMs), predict_ms: round(nativeMs, 1) });
  const trainRows = 100_000, epochs = 10;
  const y = Float32Array.from({ length: trainRows }, (_, i) => (x[i * D] + x[i * D + 1] > 1 ? 1 : 0));
  const trainStart = performance.now();
  await trainMlp({ x: x.subarray(0, trainRows * D), y, n: trainRows, d: D, hidden: HIDDEN, epochs, validationFraction: 0 });
  const trainMs = performance.now() - trainStart;
  emit({ result: 'train', network: `${D}-${HIDDEN.join('-')}-1`, rows: trainRows, epochs, batch_size: 256, threads,
    aisle_ms: round(trainMs, 1), aisle_rows_per_s: Math.round((trainRows * epochs) / (trainMs / 1000)),
    reference_forward_rows_per_s: rate(referenceMs) });
}

if (require.main === module) void run();
