import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { capabilities, kmeans, silhouette } from '../src/compute';

/**
 * k-means benchmark against scikit-learn on the same data, in the same run. Prints one JSON line per result:
 * - `kmeans` (dataset `blobs`): 100,000 × 16 float32 rows, 8 Gaussian blobs (centres uniform in [-3, 3]^16, unit
 *   noise), k = 8, 4 k-means++ restarts, at most 100 Lloyd iterations, tolerance 1e-4 (scikit-learn's rule), best
 *   of 3 runs of each. Goal: inertia within 1 % of scikit-learn's and time no worse. scikit-learn runs
 *   KMeans(n_init=4, algorithm="lloyd") in float32 with OMP_NUM_THREADS = the addon's thread count.
 * - `kmeans` (dataset `overlapping`): the same with centres in [-0.5, 0.5]^16, so the blobs merge and Lloyd runs
 *   many iterations (the per-iteration cost dominates).
 * - `silhouette`: the sampled silhouette (10,000 rows) of the clustering, against silhouette_score(sample_size),
 *   best of 3 each.
 * scikit-learn comes from Debian's python3-sklearn (`apt-get install -y python3-sklearn`); the interpreter is
 * AISLE_BENCH_PYTHON or /usr/bin/python3. Without it the lines say so. `aisle bench kmeans` after `npm run build`.
 */
const N = 100_000, D = 16, K = 8, RESTARTS = 4, REPEATS = 3;

function emit(record: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ bench: 'kmeans', ...record }) + '\n');
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** 8 blobs: centres uniform in [-spread, spread]^16, unit Gaussian noise. */
function blobs(seed: number, spread: number): Float32Array {
  const next = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(Math.max(next(), 1e-12))) * Math.cos(2 * Math.PI * next());
  const centres = Array.from({ length: K * D }, () => (next() * 2 - 1) * spread);
  const data = new Float32Array(N * D);
  for (let i = 0; i < N; i++) {
    const c = Math.floor(next() * K);
    for (let f = 0; f < D; f++) data[i * D + f] = centres[c * D + f] + gauss();
  }
  return data;
}

const SKLEARN = `
import json, sys, time, numpy as np, sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
n, d, k, restarts, repeats = (int(v) for v in sys.argv[2:7])
x = np.fromfile(sys.argv[1], dtype=np.float32).reshape(n, d)
best, model = float('inf'), None
for r in range(repeats):
    t = time.perf_counter()
    m = KMeans(n_clusters=k, init='k-means++', n_init=restarts, max_iter=100, tol=1e-4, algorithm='lloyd', random_state=42 + r).fit(x)
    best = min(best, time.perf_counter() - t)
    model = m if model is None or m.inertia_ < model.inertia_ else model
sil_best = float('inf')
for r in range(repeats):
    t = time.perf_counter()
    s = silhouette_score(x, model.labels_, sample_size=10000, random_state=42)
    sil_best = min(sil_best, time.perf_counter() - t)
print(json.dumps({'ms': best * 1000, 'inertia': float(model.inertia_), 'iterations': int(model.n_iter_),
  'silhouette': float(s), 'silhouette_ms': sil_best * 1000, 'version': sklearn.__version__}))
`;
import { seededRandom } from '../src/compute/reference/mulberry32';

interface SklearnResult { ms: number; inertia: number; iterations: number; silhouette: number; silhouette_ms: number; version: string }

/** scikit-learn on the same rows (written to a temp file), or the reason it could not run. */
function sklearn(data: Float32Array, threads: number): SklearnResult | { unavailable: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'aisle-kmeans-'));
  try {
    const file = path.join(dir, 'x.f32');
    writeFileSync(file, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    const python = process.env.AISLE_BENCH_PYTHON ?? '/usr/bin/python3';
    const out = execFileSync(python, ['-c', SKLEARN, file, String(N), String(D), String(K), String(RESTARTS), String(REPEATS)], {
      encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out.trim().split('\n').at(-1)!) as SklearnResult;
  } catch (error) {
    const text = (error as { stderr?: string }).stderr || (error as Error).message;
    return { unavailable: `scikit-learn could not run (install python3-sklearn): ${text.trim().split('\n').at(-1)}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  for (const [dataset, spread] of [['blobs', 3], ['overlapping', 0.5]] as const) await compare(dataset, blobs(42, spread));
}

async function compare(dataset: string, data: Float32Array): Promise<void> {
  const threads = capabilities().threads;
  await kmeans({ data: data.subarray(0, 10_000 * D), n: 10_000, d: D, k: K }); // warm-up
  let ms = Infinity, result = await kmeans({ data, n: N, d: D, k: K, restarts: RESTARTS });
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    result = await kmeans({ data, n: N, d: D, k: K, restarts: RESTARTS, seed: 42 + r });
    ms = Math.min(ms, performance.now() - start);
  }
  let sil = 0, silMs = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    sil = await silhouette({ data, n: N, d: D, labels: result.labels, k: K, sampleSize: 10_000 });
    silMs = Math.min(silMs, performance.now() - start);
  }
  const peer = sklearn(data, threads);
  const base = { dataset, n: N, d: D, k: K, restarts: RESTARTS, threads };
  if ('unavailable' in peer) {
    emit({ result: 'kmeans', ...base, aisle_ms: round(ms, 1), aisle_inertia: round(result.inertia, 1), baseline: peer.unavailable });
    emit({ result: 'silhouette', dataset, sample_size: 10_000, aisle_ms: round(silMs, 1), aisle_silhouette: round(sil, 4), baseline: peer.unavailable });
    return;
  }
  const ratio = result.inertia / peer.inertia;
  emit({
    result: 'kmeans', ...base, aisle_ms: round(ms, 1), aisle_inertia: round(result.inertia, 1), aisle_iterations: result.iterations,
    sklearn_ms: round(peer.ms, 1), sklearn_inertia: round(peer.inertia, 1), sklearn_iterations: peer.iterations,
    sklearn_version: peer.version, inertia_ratio: round(ratio, 5), speedup: round(peer.ms / ms, 2),
    goal_met: Math.abs(ratio - 1) <= 0.01 && ms <= peer.ms,
  });
  emit({
    result: 'silhouette', dataset, sample_size: 10_000, aisle_ms: round(silMs, 1), aisle_silhouette: round(sil, 4),
    sklearn_ms: round(peer.silhouette_ms, 1), sklearn_silhouette: round(peer.silhouette, 4),
    speedup: round(peer.silhouette_ms / silMs, 2),
  });
}

if (require.main === module) void run();
