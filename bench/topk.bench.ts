import { capabilities, topK, topKReference, type TopKInput, type TopKKernel } from '../src/compute';

/**
 * Top-K benchmark. Prints one JSON line per result, each with a baseline measured in the same run:
 * - `single-user`: top-10 for one user over 100k items × 64 factors, p50/p99 latency over 2,000 awaited calls,
 *   against the TypeScript reference (fewer calls) → speedup;
 * - `single-user-scalar`: the same with the portable kernel forced (what SIMD dispatch buys);
 * - `batch`: 10,000 users in one call → queries/s, against the reference's rate on a sample of users.
 * Runs in well under a minute on 2 cores. `node dist/bench/topk.bench.js` after `npm run build`.
 */
const NI = 100_000;
const D = 64;
const K = 10;
const SINGLE_CALLS = 2_000;
const REFERENCE_CALLS = 10;
const BATCH_USERS = 10_000;
const REFERENCE_BATCH_USERS = 20;

function emit(record: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ bench: 'topk', ...record }) + '\n');
}

/** Deterministic pseudo-random vectors in [-1, 1) (an LCG: fast, and the same data every run). */
function vectors(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function percentile(sortedMs: number[], p: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))];
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** Latencies (ms, sorted) of `calls` sequential calls of `fn`, after a short warm-up. */
async function latencies(calls: number, fn: () => unknown): Promise<number[]> {
  for (let i = 0; i < Math.min(20, calls); i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  return ms.sort((a, b) => a - b);
}

async function singleUser(items: Float32Array, kernel: TopKKernel, baselineP50: number): Promise<void> {
  const queries = vectors(D, 7);
  const input: TopKInput = { queries, items, d: D, k: K, kernel };
  const ms = await latencies(SINGLE_CALLS, () => topK(input));
  emit({
    case: kernel === 'auto' ? 'single-user' : 'single-user-scalar',
    ni: NI, d: D, k: K, calls: SINGLE_CALLS,
    p50_ms: round(percentile(ms, 50)), p99_ms: round(percentile(ms, 99)),
    baseline: 'typescript-reference',
    baseline_p50_ms: round(baselineP50),
    speedup: round(baselineP50 / percentile(ms, 50), 1),
  });
}

async function batch(items: Float32Array): Promise<void> {
  const sample: TopKInput = { queries: vectors(REFERENCE_BATCH_USERS * D, 9), items, d: D, k: K };
  const refStart = performance.now();
  topKReference(sample);
  const referenceQps = REFERENCE_BATCH_USERS / ((performance.now() - refStart) / 1000);
  const input: TopKInput = { queries: vectors(BATCH_USERS * D, 11), items, d: D, k: K };
  await topK({ ...input, queries: input.queries.subarray(0, 100 * D) }); // warm-up
  const start = performance.now();
  await topK(input);
  const seconds = (performance.now() - start) / 1000;
  emit({
    case: 'batch', users: BATCH_USERS, ni: NI, d: D, k: K,
    seconds: round(seconds), queries_per_s: Math.round(BATCH_USERS / seconds),
    gflops: round((2 * BATCH_USERS * NI * D) / seconds / 1e9, 1),
    baseline: 'typescript-reference', baseline_queries_per_s: round(referenceQps, 1),
    speedup: round(BATCH_USERS / seconds / referenceQps, 1),
  });
}

/** Runs every case and prints its JSON line; the machine's capabilities come first for context. */
export async function run(): Promise<void> {
  const caps = capabilities();
  const { threads, simd, version } = caps;
  emit({ case: 'environment', threads, simd, cuda: caps.cuda.available, version });
  const items = vectors(NI * D, 3);
  const refInput: TopKInput = { queries: vectors(D, 7), items, d: D, k: K };
  const refMs = await latencies(REFERENCE_CALLS, () => topKReference(refInput));
  const baselineP50 = percentile(refMs, 50);
  await singleUser(items, 'auto', baselineP50);
  await singleUser(items, 'scalar', baselineP50);
  await batch(items);
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
