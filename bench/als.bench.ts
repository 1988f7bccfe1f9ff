import { capabilities, trainAls, type AlsInput, type InteractionCsr } from '../src/compute';
import { seededRandom } from '../src/compute/reference/mulberry32';

/**
 * ALS benchmark. Prints one JSON line per result, each with a baseline measured in the same run:
 * - `ml1m`: one sweep (users given items, then items given users) at MovieLens-1M scale — 6,040 users × 3,706
 *   items × 750k synthetic power-law interactions, 64 factors, 3 CG steps — against the exact Cholesky solver and
 *   the portable (scalar) CG kernel. Target: ≤ 40 ms per sweep on 2 cores.
 * - `large`: 1M users × 100k items × 20M interactions, one sweep (target ≤ 3 s), only with AISLE_BENCH_LARGE=1
 *   (about 2 GB and a minute of data generation).
 * A sweep's time is the marginal cost (best 3-iteration run minus best 1-iteration run, halved; for `large` one
 * 2-iteration run minus one 1-iteration run), so validation, the transpose, initialisation and copying the
 * factors out are not counted; `call_overhead_ms` reports those separately. GFLOP/s counts the CG arithmetic
 * (see cgSweepFlops). The machine's other load shows up directly: run it on an idle machine.
 * `node dist/bench/als.bench.js` or `aisle bench als` after `npm run build`.
 */
const FACTORS = 64;
const CG_STEPS = 3;

function emit(record: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ bench: 'als', ...record }) + '\n');
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/**
 * `nnz` interactions (up to rounding) with Zipf-like user activity (exponent 0.8, capped at a quarter of the
 * items) and item popularity (exponent 1): user u's count is proportional to (u+1)^-0.8, scaled so the capped
 * counts add up to nnz; items come by inverse-CDF sampling of popularity, then uniformly once collisions pile up.
 */
function powerLaw(nUsers: number, nItems: number, nnz: number, seed: number): InteractionCsr {
  const next = seededRandom(seed);
  const cdf = new Float64Array(nItems);
  let total = 0;
  for (let i = 0; i < nItems; i++) cdf[i] = total += 1 / (i + 1);
  const cap = Math.max(1, nItems >> 2);
  const activity = Array.from({ length: nUsers }, (_, u) => (u + 1) ** -0.8);
  const counts = (scale: number) => activity.map((a) => Math.min(cap, Math.max(1, Math.round(a * scale))));
  let lo = 0, hi = nnz * nUsers; // bisect the scale so the capped counts add up to nnz
  for (let step = 0; step < 60; step++) {
    const mid = (lo + hi) / 2;
    if (counts(mid).reduce((a, b) => a + b, 0) < nnz) lo = mid; else hi = mid;
  }
  const want = counts(hi);
  const indptr = new Int32Array(nUsers + 1);
  const indices = new Int32Array(want.reduce((a, b) => a + b, 0));
  const seen = new Uint32Array(nItems); // seen[i] = u + 1 when user u already has item i
  let at = 0;
  for (let u = 0; u < nUsers; u++) {
    const start = at;
    for (let tries = 0; at - start < want[u]; tries++) {
      let item: number;
      if (tries < 3 * want[u]) {
        const target = next() * total;
        let a = 0, b = nItems - 1;
        while (a < b) {
          const mid = (a + b) >> 1;
          if (cdf[mid] < target) a = mid + 1; else b = mid;
        }
        item = a;
      } else {
        item = Math.floor(next() * nItems);
      }
      if (seen[item] === u + 1) continue;
      seen[item] = u + 1;
      indices[at++] = item;
    }
    indices.subarray(start, at).sort();
    indptr[u + 1] = at;
  }
  const values = new Float32Array(at);
  for (let k = 0; k < at; k++) values[k] = 1 + Math.floor(next() * 5);
  return { indptr, indices, values, nItems };
}

/** Floating-point work of one CG sweep: per half, (cg+1) implicit products of 4d flops per interaction and a
 * 2d² Gram matvec per row, plus the 2·n·d² Gram itself. */
function cgSweepFlops(nUsers: number, nItems: number, nnz: number, d: number, cg: number): number {
  const half = (rows: number, other: number) => (cg + 1) * (nnz * 4 * d + rows * 2 * d * d) + 2 * other * d * d;
  return half(nUsers, nItems) + half(nItems, nUsers);
}

/** Best-of-`repeats` milliseconds of one trainAls call. */
async function callMs(input: AlsInput, iterations: number, repeats: number): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    await trainAls({ ...input, iterations });
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** Marginal milliseconds of one sweep (from 1- and (1+extra)-iteration runs) and the fixed per-call overhead. */
async function sweepMs(input: AlsInput, repeats: number, extra: number): Promise<{ sweep: number; overhead: number }> {
  const one = await callMs(input, 1, repeats);
  const more = await callMs(input, 1 + extra, repeats);
  const sweep = Math.max(0, (more - one) / extra);
  return { sweep, overhead: Math.max(0, one - sweep) };
}

async function scale(name: string, nUsers: number, nItems: number, nnz: number, target: number, small: boolean) {
  const genStart = performance.now();
  const data = powerLaw(nUsers, nItems, nnz, 42);
  const generateS = (performance.now() - genStart) / 1000;
  const actualNnz = data.indices.length;
  const input: AlsInput = { ...data, factors: FACTORS, cgSteps: CG_STEPS, computeLoss: false, regularization: 0.05 };
  if (small) await trainAls({ ...input, iterations: 1 }); // warm-up
  const cg = small ? await sweepMs(input, 10, 2) : await sweepMs(input, 1, 1);
  const flops = cgSweepFlops(nUsers, nItems, actualNnz, FACTORS, CG_STEPS);
  const record: Record<string, unknown> = {
    case: name, users: nUsers, items: nItems, nnz: actualNnz, factors: FACTORS, cg_steps: CG_STEPS,
    ms_per_sweep: round(cg.sweep, 1), gflops: round(flops / (cg.sweep / 1000) / 1e9, 1), target_ms: target,
    call_overhead_ms: round(cg.overhead, 1), generate_s: round(generateS, 2),
  };
  if (small) {
    const scalar = await sweepMs({ ...input, kernel: 'scalar' }, 3, 2);
    const exact = await sweepMs({ ...input, solver: 'cholesky' }, 1, 1);
    Object.assign(record, {
      baseline: 'cholesky', baseline_ms_per_sweep: round(exact.sweep, 1), speedup: round(exact.sweep / cg.sweep, 1),
      scalar_kernel_ms_per_sweep: round(scalar.sweep, 1),
    });
  } else { // one scalar-kernel call, less the overhead measured above: a whole second sweepMs would take too long
    const scalarSweep = (await callMs({ ...input, kernel: 'scalar' }, 1, 1)) - cg.overhead;
    Object.assign(record, { baseline: 'scalar-kernel', baseline_ms_per_sweep: round(scalarSweep, 1),
      speedup: round(scalarSweep / cg.sweep, 2) });
  }
  emit(record);
}

/** Runs every case and prints its JSON line; the machine's capabilities come first for context. */
export async function run(): Promise<void> {
  const { threads, simd, version } = capabilities();
  emit({ case: 'environment', threads, simd, version });
  await scale('ml1m', 6_040, 3_706, 750_000, 40, true);
  if (process.env.AISLE_BENCH_LARGE === '1') await scale('large', 1_000_000, 100_000, 20_000_000, 3000, false);
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
