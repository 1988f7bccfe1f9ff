/**
 * Readable references for the forecasting kernels (native/src/cpu/forecast_*.cc) with given smoothing parameters
 * and the kernels' heuristic initial states, one series at a time. Each returns the point forecasts for steps
 * 1..h; sesReference also the per-step error standard deviation the native intervals are built from.
 */

/** Naive: the last value repeated; sd σ·√j with σ² the mean squared first difference. */
export function naiveReference(y: number[], h: number): { mean: number[]; sd: number[] } {
  let ss = 0;
  for (let t = 1; t < y.length; t++) ss += (y[t] - y[t - 1]) ** 2;
  const sigma = y.length > 1 ? Math.sqrt(ss / (y.length - 1)) : 0;
  return { mean: Array(h).fill(y[y.length - 1]), sd: Array.from({ length: h }, (_, j) => sigma * Math.sqrt(j + 1)) };
}

/** Simple exponential smoothing from ℓ0 = y0; sd_j = σ·√(1 + (j−1)α²) with σ² = mean squared one-step error. */
export function sesReference(y: number[], h: number, alpha: number): { mean: number[]; sd: number[] } {
  let level = y[0];
  let sse = 0;
  for (const v of y) {
    sse += (v - level) ** 2;
    level += alpha * (v - level);
  }
  const sigma2 = sse / y.length;
  return {
    mean: Array(h).fill(level),
    sd: Array.from({ length: h }, (_, j) => Math.sqrt(sigma2 * (1 + j * alpha * alpha))),
  };
}

/** Holt's linear trend, damped when phi < 1, from ℓ0 = y0, b0 = y1 − y0: ŷ_{n+j} = ℓ + (φ + … + φ^j)·b. */
export function holtReference(y: number[], h: number, alpha: number, beta: number, phi = 1): number[] {
  let level = y[0];
  let slope = y.length > 1 ? y[1] - y[0] : 0;
  for (const v of y) {
    const predicted = level + phi * slope;
    const error = v - predicted;
    level = predicted + alpha * error;
    slope = phi * slope + beta * error;
  }
  const out: number[] = [];
  let damp = 0;
  for (let j = 1; j <= h; j++) {
    damp += phi ** j;
    out.push(level + damp * slope);
  }
  return out;
}

/**
 * Additive Holt-Winters. Initial states from up to three full cycles: ℓ0 = the first cycle's mean, b0 = the
 * change between the first two cycle means per period, s_i = the mean deviation of position i from its cycle mean
 * (centred to sum 0).
 */
export function holtWintersAdditiveReference(y: number[], h: number, m: number, alpha: number, beta: number,
  gamma: number): number[] {
  const cycles = Math.min(Math.floor(y.length / m), 3);
  const means = Array.from({ length: cycles }, (_, k) => y.slice(k * m, (k + 1) * m).reduce((a, b) => a + b, 0) / m);
  let level = means[0];
  let slope = cycles > 1 ? (means[1] - means[0]) / m : 0;
  const season = Array.from({ length: m }, (_, i) => means.reduce((s, mk, k) => s + (y[k * m + i] - mk) / cycles, 0));
  const centre = season.reduce((a, b) => a + b, 0) / m;
  for (let i = 0; i < m; i++) season[i] -= centre;
  y.forEach((v, t) => {
    const predicted = level + slope;
    const error = v - predicted - season[t % m];
    level = predicted + alpha * error;
    slope += beta * error;
    season[t % m] += gamma * error;
  });
  return Array.from({ length: h }, (_, j) => level + (j + 1) * slope + season[(y.length + j) % m]);
}

/**
 * Multiplicative seasonal indices by position t mod m (classical decomposition: ratios to a centred moving
 * average, averaged per position, scaled to mean 1) when the series is positive, at least 3m long and its lag-m
 * autocorrelation passes the 90% test |r_m| > 1.645·√((1 + 2Σ_{k<m} r_k²)/n); otherwise undefined.
 */
export function seasonalIndicesReference(y: number[], m: number): number[] | undefined {
  const n = y.length;
  if (m < 2 || n < 3 * m || y.some((v) => !(v > 0))) return undefined;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const denom = y.reduce((s, v) => s + (v - mean) ** 2, 0);
  const r = (k: number) => {
    let s = 0;
    for (let t = 0; t + k < n; t++) s += (y[t] - mean) * (y[t + k] - mean);
    return s / denom;
  };
  let sum = 0;
  for (let k = 1; k < m; k++) sum += r(k) ** 2;
  if (Math.abs(r(m)) <= 1.645 * Math.sqrt((1 + 2 * sum) / n)) return undefined;
  const half = Math.floor(m / 2);
  const ratio = Array(m).fill(0);
  const count = Array(m).fill(0);
  for (let t = half; t + half < n; t++) {
    let s = 0;
    for (let i = t - half; i <= t + half; i++) s += y[i];
    if (m % 2 === 0) s -= 0.5 * (y[t - half] + y[t + half]);
    ratio[t % m] += y[t] / (s / m);
    count[t % m] += 1;
  }
  const index = ratio.map((v, i) => v / count[i]);
  const avg = index.reduce((a, b) => a + b, 0) / m;
  return index.map((v) => v / avg);
}

/**
 * The Theta method with a given SES alpha: seasonally adjust (above), SES from ℓ0 = x0, add the drift
 * b/2·((j − 1) + (1 − (1 − α)^n)/α) where b is the least-squares slope of x on time, reseasonalise.
 */
export function thetaReference(y: number[], h: number, m: number, alpha: number): number[] {
  const index = seasonalIndicesReference(y, m);
  const x = index ? y.map((v, t) => v / index[t % m]) : y;
  const n = x.length;
  const level = sesReference(x, 1, alpha).mean[0];
  const tbar = (n - 1) / 2;
  const xbar = x.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  x.forEach((v, t) => {
    sxy += (t - tbar) * (v - xbar);
    sxx += (t - tbar) ** 2;
  });
  const drift = sxx > 0 ? sxy / sxx / 2 : 0;
  const start = (1 - (1 - alpha) ** n) / alpha;
  return Array.from({ length: h }, (_, j) => (level + drift * (j + start)) * (index ? index[(n + j) % m] : 1));
}

/**
 * Croston's method: sizes smoothed with alpha, inter-demand intervals with beta (the first interval counts from
 * the start), forecast size / interval; SBA multiplies by 1 − beta/2. TSB smooths the demand probability every
 * period (starting from 1 / (periods up to the first demand)) and the size on demand periods: forecast p·size.
 */
export function crostonReference(y: number[], h: number, variant: 'croston' | 'sba' | 'tsb', alpha = 0.1,
  beta = 0.1): number[] {
  const first = y.findIndex((v) => v !== 0);
  if (first < 0) return Array(h).fill(0);
  let size = y[first];
  let rate: number;
  if (variant === 'tsb') {
    let prob = 1 / (first + 1);
    for (let t = first + 1; t < y.length; t++) {
      prob += beta * (Number(y[t] !== 0) - prob);
      if (y[t] !== 0) size += alpha * (y[t] - size);
    }
    rate = prob * size;
  } else {
    let interval = first + 1;
    let last = first;
    for (let t = first + 1; t < y.length; t++) {
      if (y[t] === 0) continue;
      size += alpha * (y[t] - size);
      interval += beta * (t - last - interval);
      last = t;
    }
    rate = (size / interval) * (variant === 'sba' ? 1 - beta / 2 : 1);
  }
  return Array(h).fill(rate);
}
