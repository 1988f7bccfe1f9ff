import {
  crostonReference, forecast, holtReference, holtWintersAdditiveReference, Mulberry32Stream, naiveReference, seasonalIndicesReference,
  seriesBatch, sesReference, thetaReference, type ForecastModelName, type SmoothingParams,
} from './support/forecast-fixtures';

const H = 12;

async function nativeMeans(series: number[][], model: ForecastModelName, params: SmoothingParams, season = 1) {
  const out = await forecast(seriesBatch(series), { horizon: H, season, levels: [95], model, params });
  return series.map((_, i) => Array.from(out.mean.subarray(i * H, (i + 1) * H)));
}

function expectClose(native: number[], reference: number[], tolerance = 1e-8): void {
  expect(native).toHaveLength(reference.length);
  native.forEach((v, j) => expect(Math.abs(v - reference[j])).toBeLessThanOrEqual(tolerance * (1 + Math.abs(reference[j]))));
}

/** Series that may go negative (so no flooring at zero hides a difference): trend + season + noise. */
function randomSeries(count: number, length: number, seed: number, m = 12): number[][] {
  const rng = new Mulberry32Stream(seed);
  return Array.from({ length: count }, (_, i) => Array.from({ length: length + i }, (_, t) =>
    (i % 2 ? -1 : 1) * (5 + 0.3 * t) + 4 * Math.sin((2 * Math.PI * t) / m) + 3 * (rng.next() - 0.5)));
}

describe('forecast kernels against the TypeScript references', () => {
  const series = randomSeries(6, 40, 7);

  it('naive repeats the last value with σ√h intervals', async () => {
    const out = await forecast(seriesBatch(series), { horizon: H, levels: [95], model: 'naive' });
    series.forEach((y, i) => {
      const ref = naiveReference(y, H);
      expectClose(Array.from(out.mean.subarray(i * H, (i + 1) * H)), ref.mean);
      const upper = Array.from(out.upper.subarray(i * H, (i + 1) * H));
      expectClose(upper, ref.mean.map((m, j) => m + 1.959963984540054 * ref.sd[j]), 1e-7);
    });
  });

  it.each([0.1, 0.5, 0.9])('SES with alpha %f, means and 95%% bounds', async (alpha) => {
    const out = await forecast(seriesBatch(series), { horizon: H, levels: [95], model: 'ses', params: { alpha } });
    series.forEach((y, i) => {
      const ref = sesReference(y, H, alpha);
      expectClose(Array.from(out.mean.subarray(i * H, (i + 1) * H)), ref.mean);
      expectClose(Array.from(out.lower.subarray(i * H, (i + 1) * H)), ref.mean.map((m, j) => m - 1.959963984540054 * ref.sd[j]), 1e-7);
    });
  });

  it.each([[0.3, 0.1], [0.8, 0.05]])('Holt with alpha %f, beta %f', async (alpha, beta) => {
    const native = await nativeMeans(series, 'holt', { alpha, beta });
    series.forEach((y, i) => expectClose(native[i], holtReference(y, H, alpha, beta)));
  });

  it.each([[0.3, 0.1, 0.9], [0.6, 0.2, 0.85]])('damped trend with alpha %f, beta %f, phi %f', async (alpha, beta, phi) => {
    const native = await nativeMeans(series, 'damped', { alpha, beta, phi });
    series.forEach((y, i) => expectClose(native[i], holtReference(y, H, alpha, beta, phi)));
  });

  it.each([[0.3, 0.05, 0.2, 12], [0.5, 0.1, 0.3, 4]])('additive Holt-Winters alpha %f beta %f gamma %f, m = %i', async (alpha, beta, gamma, m) => {
    const s = randomSeries(5, 3 * m + 5, 11, m);
    const native = await nativeMeans(s, 'holt_winters_additive', { alpha, beta, gamma }, m);
    s.forEach((y, i) => expectClose(native[i], holtWintersAdditiveReference(y, H, m, alpha, beta, gamma)));
  });

  it.each([0.2, 0.7])('Theta with alpha %f, without and with multiplicative deseasonalisation', async (alpha) => {
    const rng = new Mulberry32Stream(9);
    const plain = Array.from({ length: 6 }, (_, i) => Array.from({ length: 48 + i }, (_, t) =>
      50 + 0.5 * t + (i < 3 ? 15 * Math.sin((2 * Math.PI * t) / 12) : 0) + 6 * rng.next()));
    expect(plain.filter((y) => seasonalIndicesReference(y, 12) !== undefined).length).toBeGreaterThan(0);
    expect(plain.filter((y) => seasonalIndicesReference(y, 12) === undefined).length).toBeGreaterThan(0);
    const native = await nativeMeans(plain, 'theta', { alpha }, 12);
    plain.forEach((y, i) => expectClose(native[i], thetaReference(y, H, 12, alpha)));
  });

  it.each(['croston', 'sba', 'tsb'] as const)('%s on intermittent demand', async (variant) => {
    const rng = new Mulberry32Stream(3);
    const demand = Array.from({ length: 5 }, () => Array.from({ length: 60 }, () => (rng.next() < 0.3 ? 1 + Math.floor(rng.next() * 6) : 0)));
    const native = await nativeMeans(demand, variant, { alpha: 0.2, beta: 0.15 });
    demand.forEach((y, i) => expectClose(native[i], crostonReference(y, H, variant, 0.2, 0.15)));
  });
});
