import type { AlsInput, AlsModel } from '../factorization.types';
import { resolveAlsArgs } from '../factorization.validation';
import { Mulberry32 } from './mulberry32';

/**
 * The readable definition of implicit ALS the native kernel is tested against: dense confidence and preference
 * matrices, every row solved exactly (Gaussian elimination in float64) from the full sum over all items, and the
 * loss evaluated term by term over every (u, i). Same validation, same initial factors (mulberry32, items then
 * users), same order of half-sweeps; factors are rounded to float32 after each solve, as natively. Ignores
 * solver/cgSteps/kernel (it is the exact answer they approximate). O(iterations · (U + I) · U·I · d²): tests only.
 */
export function alsReference(input: AlsInput): AlsModel {
  const args = resolveAlsArgs('trainAls', input);
  const { factors: d, nItems, regularization: lambda, alpha } = args;
  const nUsers = args.indptr.length - 1;
  const conf = new Float64Array(nUsers * nItems).fill(1); // c_ui, row-major users × items
  const pref = new Float64Array(nUsers * nItems); // p_ui
  for (let u = 0; u < nUsers; u++) {
    for (let p = args.indptr[u]; p < args.indptr[u + 1]; p++) {
      conf[u * nItems + args.indices[p]] = 1 + alpha * args.values[p];
      pref[u * nItems + args.indices[p]] = 1;
    }
  }
  const rng = new Mulberry32(args.seed);
  const itemFactors = Float32Array.from({ length: nItems * d }, () => 0.1 * (rng.next() - 0.5));
  const userFactors = Float32Array.from({ length: nUsers * d }, () => 0.1 * (rng.next() - 0.5));
  const at = (u: number, i: number) => u * nItems + i;
  const loss: number[] = [];
  for (let it = 0; it < args.iterations; it++) {
    for (let u = 0; u < nUsers; u++) solveRow(userFactors, u, itemFactors, nItems, (i) => at(u, i), conf, pref, d, lambda);
    for (let i = 0; i < nItems; i++) solveRow(itemFactors, i, userFactors, nUsers, (u) => at(u, i), conf, pref, d, lambda);
    if (args.computeLoss) loss.push(denseLoss(userFactors, itemFactors, nUsers, nItems, conf, pref, d, lambda));
  }
  const itemGram = new Float64Array(d * d);
  for (let i = 0; i < nItems; i++) {
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) itemGram[a * d + b] += itemFactors[i * d + a] * itemFactors[i * d + b];
  }
  return { nUsers, nItems, factors: d, userFactors, itemFactors, itemGram, loss: Float64Array.from(loss) };
}

/** x_row = (Σ_j c_j y_j y_jᵀ + λI)⁻¹ Σ_j c_j p_j y_j over all n rows j of `other`; cell(j) indexes conf/pref. */
function solveRow(target: Float32Array, row: number, other: Float32Array, n: number, cell: (j: number) => number,
  conf: Float64Array, pref: Float64Array, d: number, lambda: number): void {
  const a = Array.from({ length: d }, (_, r) => Array.from({ length: d + 1 }, (_, c) => (r === c ? lambda : 0)));
  for (let j = 0; j < n; j++) {
    const c = conf[cell(j)], p = pref[cell(j)];
    for (let r = 0; r < d; r++) {
      const yr = other[j * d + r];
      for (let s = 0; s < d; s++) a[r][s] += c * yr * other[j * d + s];
      a[r][d] += c * p * yr;
    }
  }
  const x = gaussianSolve(a, d);
  for (let f = 0; f < d; f++) target[row * d + f] = x[f];
}

/** Solves the augmented d × (d+1) system by elimination with partial pivoting. */
function gaussianSolve(a: number[][], d: number): number[] {
  for (let col = 0; col < d; col++) {
    let pivot = col;
    for (let r = col + 1; r < d; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = col + 1; r < d; r++) {
      const f = a[r][col] / a[col][col];
      for (let c = col; c <= d; c++) a[r][c] -= f * a[col][c];
    }
  }
  const x = new Array<number>(d).fill(0);
  for (let r = d - 1; r >= 0; r--) {
    let t = a[r][d];
    for (let c = r + 1; c < d; c++) t -= a[r][c] * x[c];
    x[r] = t / a[r][r];
  }
  return x;
}

/** (Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ(‖X‖² + ‖Y‖²)) / Σ_{u,i} c_ui, term by term. */
function denseLoss(x: Float32Array, y: Float32Array, nUsers: number, nItems: number, conf: Float64Array,
  pref: Float64Array, d: number, lambda: number): number {
  let total = 0, weight = 0, norms = 0;
  for (let u = 0; u < nUsers; u++) {
    for (let i = 0; i < nItems; i++) {
      let s = 0;
      for (let f = 0; f < d; f++) s += x[u * d + f] * y[i * d + f];
      const c = conf[u * nItems + i];
      total += c * (pref[u * nItems + i] - s) ** 2;
      weight += c;
    }
  }
  for (const v of x) norms += v * v;
  for (const v of y) norms += v * v;
  return (total + lambda * norms) / weight;
}
