/** An estimate with its standard error. */
export interface Estimate {
  value: number;
  standardError: number;
}

export interface PooledEstimate extends Estimate {
  /** Weight of the group mean in the pooled value (0 = own estimate, 1 = group mean). */
  shrinkage: number;
}

export interface GroupPooling {
  /** Precision-weighted group mean and its standard error. */
  mean: number;
  meanStandardError: number;
  /** Between-member variance (DerSimonian–Laird, floored at 0). */
  tau2: number;
  pooled: PooledEstimate[];
}

/**
 * Empirical-Bayes partial pooling of a group's estimates (a category's products): each moves towards the
 * precision-weighted group mean by se² / (se² + τ²), so thin data borrows from the group and plentiful data
 * keeps its own value. τ² is the method-of-moments between-member variance. The pooled standard error adds
 * the uncertainty of the group mean. `center` replaces the precision-weighted mean by a better group estimate
 * (see common-elasticity.ts). A group of one is returned as it is.
 */
export function poolEstimates(estimates: readonly Estimate[], center?: Estimate): GroupPooling {
  const w = estimates.map((e) => 1 / e.standardError ** 2);
  const sw = w.reduce((a, b) => a + b, 0);
  const mean = center?.value ?? estimates.reduce((s, e, i) => s + w[i] * e.value, 0) / sw;
  const meanStandardError = center?.standardError ?? Math.sqrt(1 / sw);
  if (estimates.length < 2) {
    return { mean, meanStandardError, tau2: Infinity, pooled: estimates.map((e) => ({ ...e, shrinkage: 0 })) };
  }
  const q = estimates.reduce((s, e, i) => s + w[i] * (e.value - mean) ** 2, 0);
  const c = sw - w.reduce((s, v) => s + v * v, 0) / sw;
  const tau2 = Math.max(0, (q - (estimates.length - 1)) / c);
  const pooled = estimates.map((e) => {
    const b = e.standardError ** 2 / (e.standardError ** 2 + tau2);
    const variance = (1 - b) * e.standardError ** 2 + b * b * meanStandardError ** 2;
    return { value: b * mean + (1 - b) * e.value, standardError: Math.sqrt(variance), shrinkage: b };
  });
  return { mean, meanStandardError, tau2, pooled };
}
