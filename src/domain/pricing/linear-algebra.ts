/**
 * The little dense linear algebra the regressions need: symmetric positive-definite systems of a dozen
 * unknowns, solved by Cholesky. Matrices are row-major Float64Arrays of k × k.
 */

/** Lower-triangular Cholesky factor of a k × k SPD matrix, or null when it is not positive definite. */
export function cholesky(a: Float64Array, k: number): Float64Array | null {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * k + j];
      for (let m = 0; m < j; m++) sum -= l[i * k + m] * l[j * k + m];
      if (i === j) {
        if (!(sum > 1e-12 * Math.max(1, Math.abs(a[i * k + i])))) return null;
        l[i * k + i] = Math.sqrt(sum);
      } else {
        l[i * k + j] = sum / l[j * k + j];
      }
    }
  }
  return l;
}

/** Solves L Lᵀ x = b for x. */
export function choleskySolve(l: Float64Array, k: number, b: Float64Array): Float64Array {
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = b[i];
    for (let m = 0; m < i; m++) sum -= l[i * k + m] * y[m];
    y[i] = sum / l[i * k + i];
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let sum = y[i];
    for (let m = i + 1; m < k; m++) sum -= l[m * k + i] * x[m];
    x[i] = sum / l[i * k + i];
  }
  return x;
}

/** Diagonal entry j of (L Lᵀ)⁻¹: the variance factor of coefficient j. */
export function inverseDiagonal(l: Float64Array, k: number, j: number): number {
  const e = new Float64Array(k);
  e[j] = 1;
  return choleskySolve(l, k, e)[j];
}
