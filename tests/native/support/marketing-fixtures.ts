import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { findProjectRoot } from '../../../src/compute/addon';
import { seededRandom } from './topk-fixtures';

/** A standard normal draw from a uniform stream (Box–Muller). */
export function normal(next: () => number): number {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

/** n rows around k random centres in [-spread, spread]^d with unit-σ noise; truth[i] is each row's centre. */
export function blobs(n: number, d: number, k: number, spread: number, seed: number) {
  const next = seededRandom(seed);
  const centres = Float32Array.from({ length: k * d }, () => (next() * 2 - 1) * spread);
  const data = new Float32Array(n * d), truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(next() * k);
    truth[i] = c;
    for (let f = 0; f < d; f++) data[i * d + f] = centres[c * d + f] + normal(next);
  }
  return { data, truth, centres };
}

/** Area under the ROC curve by the rank-sum formula (ties share ranks). */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const ranks = new Float64Array(scores.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    for (let t = i; t <= j; t++) ranks[idx[t]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let pos = 0, sum = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) { pos++; sum += ranks[i]; }
  const neg = labels.length - pos;
  return (sum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Base64 of a typed array's bytes, to compare results bit for bit. */
export const bytes = (t: ArrayBufferView) => Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('base64');

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * Runs `body` (an async function body using `a`, the addon, and `f32(i)`, the i-th Float32Array of `inputs`,
 * returning a JSON-able value) in a fresh node process with AISLE_THREADS set, and returns the parsed value: how
 * tests see results at another thread count. The inputs travel on stdin (command lines are too short for them).
 */
export function inProcessWithThreads(threads: number, body: string, inputs: Float32Array[] = []): unknown {
  const addonPath = path.join(findProjectRoot(), 'build', 'Release', 'aisle_native.node');
  const script = `const a = require(${JSON.stringify(addonPath)});
    const b64 = (t) => Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('base64');
    const inputs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    const f32 = (i) => { const b = Buffer.from(inputs[i], 'base64'); return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length)); };
    Promise.resolve((async () => { ${body} })()).then((v) => console.log(JSON.stringify(v)));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], {
    env: { ...process.env, AISLE_THREADS: String(threads) }, encoding: 'utf8', input: JSON.stringify(inputs.map(bytes)),
  }));
}


