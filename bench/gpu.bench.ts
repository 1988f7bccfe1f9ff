import { capabilities, type InteractionCsr } from '../src/compute';
import { nativeExports } from '../src/compute/addon';
import type { NativeAlsArgs } from '../src/compute/factorization.addon';
import { resolveAlsArgs } from '../src/compute/factorization.validation';
import { resolveTrainMlpArgs, type NativeTrainMlpArgs } from '../src/compute/mlp.validation';
import type { TopKInput } from '../src/compute/topk.types';
import { seededRandom } from '../src/compute/reference/mulberry32';

/**
 * GPU vs CPU benchmark (issue 7): builds nothing, checks the device, and when one answers times the CUDA and CPU
 * paths of the same addon in one run, forcing the device per call. One JSON line per result; without a device,
 * one line saying so (and why). Sizes (override with env for memory or time):
 * - `als_sweep`: AISLE_BENCH_GPU_USERS (1,000,000) × AISLE_BENCH_GPU_ITEMS (100,000) × AISLE_BENCH_GPU_NNZ
 *   (20,000,000) uniform random interactions, 64 factors, 3 CG steps; one sweep = (2 iterations − 1 iteration).
 * - `topk`: top-10 for AISLE_BENCH_GPU_QUERIES (10,000) users over the items × 64 factors, with 20 exclusions each.
 * - `mlp_epoch`: one epoch of MLP training (d 20 → 32 → 1, batch 1024) on AISLE_BENCH_GPU_ROWS (1,000,000) rows.
 * Each line has cpu_ms, cuda_ms and speedup; a mismatch in the top-K ids or ALS loss is reported alongside.
 * `npm run build && node bin/aisle.js bench gpu` (or `node dist/bench/gpu.bench.js`) on a machine with a GPU.
 */
type Device = 'cpu' | 'cuda';
interface DeviceAddon {
  topK(args: TopKInput & { device: Device }): Promise<{ ids: Int32Array; scores: Float32Array }>;
  trainAls(args: NativeAlsArgs & { device: Device }): Promise<{ loss: Float64Array }>;
  trainMlp(args: NativeTrainMlpArgs & { device: Device }): Promise<{ trainLoss: Float32Array }>;
}
const addon = () => nativeExports<DeviceAddon>();
const FACTORS = 64;

function emit(record: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ bench: 'gpu', ...record }) + '\n');
}

const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const size = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

/** About nnz distinct (user, item) pairs, nnz / users per user, uniform items, values 1..5. */
function interactions(users: number, items: number, nnz: number, seed: number): InteractionCsr {
  const next = seededRandom(seed), per = Math.max(1, Math.min(items, Math.round(nnz / users)));
  const indptr = new Int32Array(users + 1), indices = new Int32Array(users * per), values = new Float32Array(users * per);
  const seen = new Uint32Array(items);
  let at = 0;
  for (let u = 0; u < users; u++) {
    const start = at;
    while (at - start < per) {
      const item = Math.floor(next() * items);
      if (seen[item] === u + 1) continue;
      seen[item] = u + 1;
      indices[at++] = item;
    }
    indices.subarray(start, at).sort();
    for (let e = start; e < at; e++) values[e] = 1 + Math.floor(next() * 5);
    indptr[u + 1] = at;
  }
  return { indptr, indices, values, nItems: items };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

async function alsSweep(): Promise<void> {
  const users = size('AISLE_BENCH_GPU_USERS', 1_000_000), items = size('AISLE_BENCH_GPU_ITEMS', 100_000);
  const nnz = size('AISLE_BENCH_GPU_NNZ', 20_000_000);
  const csr = interactions(users, items, nnz, 1);
  const base = resolveAlsArgs('bench', { ...csr, factors: FACTORS, cgSteps: 3, computeLoss: false, regularization: 0.05 });
  const sweep = async (device: Device) => {
    const one = await timed(() => addon().trainAls({ ...base, iterations: 1, device }));
    const two = await timed(() => addon().trainAls({ ...base, iterations: 2, device }));
    return { sweep: two.ms - one.ms, call: one.ms };
  };
  const cpu = await sweep('cpu'), cuda = await sweep('cuda');
  const check = { ...base, iterations: 2, computeLoss: true };
  const [lc, lg] = await Promise.all([addon().trainAls({ ...check, device: 'cpu' }), addon().trainAls({ ...check, device: 'cuda' })]);
  emit({
    result: 'als_sweep', users, items, nnz: csr.indices.length, factors: FACTORS, cg_steps: 3,
    cpu_ms: round(cpu.sweep), cuda_ms: round(cuda.sweep), speedup: round(cpu.sweep / cuda.sweep, 2),
    cpu_call_ms: round(cpu.call), cuda_call_ms: round(cuda.call),
    loss_max_abs_diff: Math.max(...Array.from(lc.loss, (l, i) => Math.abs(l - lg.loss[i]))),
  });
}

async function topK(): Promise<void> {
  const items = size('AISLE_BENCH_GPU_ITEMS', 100_000), nq = size('AISLE_BENCH_GPU_QUERIES', 10_000);
  const next = seededRandom(2);
  const input: TopKInput = {
    queries: Float32Array.from({ length: nq * FACTORS }, () => next() - 0.5),
    items: Float32Array.from({ length: items * FACTORS }, () => next() - 0.5),
    d: FACTORS, k: 10,
    excludeOffsets: Int32Array.from({ length: nq + 1 }, (_, q) => q * 20),
    excludeIds: Int32Array.from({ length: nq * 20 }, () => Math.floor(next() * items)),
  };
  const best = async (device: Device) => {
    let ms = Infinity, ids: Int32Array = new Int32Array(0);
    for (let r = 0; r < 3; r++) {
      const t = await timed(() => addon().topK({ ...input, device }));
      if (t.ms < ms) (ms = t.ms), (ids = t.value.ids);
    }
    return { ms, ids };
  };
  const cpu = await best('cpu'), cuda = await best('cuda');
  let differing = 0;
  for (let e = 0; e < cpu.ids.length; e++) if (cpu.ids[e] !== cuda.ids[e]) differing++;
  emit({
    result: 'topk', queries: nq, items, factors: FACTORS, k: 10, cpu_ms: round(cpu.ms), cuda_ms: round(cuda.ms),
    speedup: round(cpu.ms / cuda.ms, 2), ids_differing: differing,
  });
}

async function mlpEpoch(): Promise<void> {
  const n = size('AISLE_BENCH_GPU_ROWS', 1_000_000), d = 20, next = seededRandom(3);
  const x = Float32Array.from({ length: n * d }, () => next() * 2 - 1);
  const y = Float32Array.from({ length: n }, (_, i) => (x[i * d] + x[i * d + 1] * x[i * d + 2] + 0.2 * next() > 0 ? 1 : 0));
  const args = resolveTrainMlpArgs('bench', { x, y, n, d, hidden: [32], epochs: 1, batchSize: 1024, validationFraction: 0 });
  const cpu = await timed(() => addon().trainMlp({ ...args, device: 'cpu' }));
  const cuda = await timed(() => addon().trainMlp({ ...args, device: 'cuda' }));
  emit({
    result: 'mlp_epoch', rows: n, d, hidden: [32], batch: 1024, cpu_ms: round(cpu.ms), cuda_ms: round(cuda.ms),
    speedup: round(cpu.ms / cuda.ms, 2), train_loss_cpu: cpu.value.trainLoss[0], train_loss_cuda: cuda.value.trainLoss[0],
  });
}

export async function run(): Promise<void> {
  const caps = capabilities();
  if (!caps.cuda.available) {
    emit({ result: 'no_device', compiled: caps.cuda.compiled, reason: caps.cuda.reason ?? 'no CUDA device' });
    return;
  }
  emit({ result: 'device', name: caps.cuda.deviceName, count: caps.cuda.deviceCount, threads: caps.threads, simd: caps.simd });
  await topK();
  await mlpEpoch();
  await alsSweep();
}

if (require.main === module) {
  run().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
