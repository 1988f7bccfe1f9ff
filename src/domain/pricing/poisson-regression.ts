import { cholesky, choleskySolve, inverseDiagonal } from './linear-algebra';

/** A design: n rows of k columns, row-major, with an optional fixed offset per row (log scale). */
export interface Design {
  n: number;
  k: number;
  x: Float64Array;
  offset?: Float64Array;
}

export interface PoissonFit {
  beta: Float64Array;
  /** Pearson χ² / (n − k), floored at 1: over-dispersion widens the standard errors, never narrows them. */
  dispersion: number;
  /** Standard error of coefficient j (quasi-Poisson). */
  standardError(j: number): number;
  /** Fitted means. */
  mu: Float64Array;
}

const MAX_ITERATIONS = 50;

/** X'WX and X'Wz of one IRLS step. */
function normalEquations(d: Design, w: Float64Array, z: Float64Array): { xtwx: Float64Array; xtwz: Float64Array } {
  const { n, k, x } = d;
  const xtwx = new Float64Array(k * k);
  const xtwz = new Float64Array(k);
  for (let r = 0; r < n; r++) {
    const row = r * k;
    for (let i = 0; i < k; i++) {
      const wi = w[r] * x[row + i];
      xtwz[i] += wi * z[r];
      for (let j = 0; j <= i; j++) xtwx[i * k + j] += wi * x[row + j];
    }
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) xtwx[j * k + i] = xtwx[i * k + j];
  return { xtwx, xtwz };
}

function linearPredictor(d: Design, beta: Float64Array, r: number): number {
  let eta = d.offset ? d.offset[r] : 0;
  for (let j = 0; j < d.k; j++) eta += d.x[r * d.k + j] * beta[j];
  return eta;
}

/**
 * Poisson regression with log link (log E[y] = offset + Xβ) by iteratively reweighted least squares. With a log
 * regressor this is the log-log model fitted on counts as they are, zeros included, which log(q + 1) on sparse
 * daily counts would bias towards zero. Returns null when the design is singular or the fit does not converge.
 */
export function fitPoisson(d: Design, y: Float64Array): PoissonFit | null {
  const { n, k } = d;
  let beta: Float64Array = new Float64Array(k);
  const mean = y.reduce((s, v) => s + v, 0) / n;
  const mu = new Float64Array(n).fill(Math.max(mean, 1e-3));
  const w = new Float64Array(n);
  const z = new Float64Array(n);
  let factor: Float64Array | null = null;
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    for (let r = 0; r < n; r++) {
      const eta = iter === 0 ? Math.log(mu[r]) : linearPredictor(d, beta, r);
      const m = Math.exp(eta);
      w[r] = m;
      z[r] = eta - (d.offset ? d.offset[r] : 0) + (y[r] - m) / m;
    }
    const { xtwx, xtwz } = normalEquations(d, w, z);
    factor = cholesky(xtwx, k);
    if (!factor) return null;
    const next = choleskySolve(factor, k, xtwz);
    const change = next.reduce((s, v, j) => Math.max(s, Math.abs(v - beta[j])), 0);
    beta = next;
    if (!beta.every(Number.isFinite)) return null;
    if (change < 1e-8) return finish(d, y, beta, factor);
  }
  return null;
}

function finish(d: Design, y: Float64Array, beta: Float64Array, factor: Float64Array): PoissonFit {
  const mu = new Float64Array(d.n);
  let pearson = 0;
  for (let r = 0; r < d.n; r++) {
    mu[r] = Math.exp(linearPredictor(d, beta, r));
    pearson += (y[r] - mu[r]) ** 2 / mu[r];
  }
  const dispersion = Math.max(1, pearson / Math.max(1, d.n - d.k));
  return {
    beta,
    dispersion,
    mu,
    standardError: (j) => Math.sqrt(dispersion * inverseDiagonal(factor, d.k, j)),
  };
}
