import { forecast, Mulberry32Stream, seriesBatch } from './support/forecast-fixtures';

const rngOf = (seed: number) => new Mulberry32Stream(seed);

describe('forecasts recover planted structure', () => {
  it('a seasonal series is forecast by its season: automatic choice and ETS beat naive many times over', async () => {
    const rng = rngOf(1);
    const m = 12;
    const truth = (t: number) => 100 + 30 * Math.sin((2 * Math.PI * t) / m) + 15 * Math.cos((4 * Math.PI * t) / m);
    const y = Array.from({ length: 96 }, (_, t) => truth(t) + 2 * (rng.next() - 0.5));
    const future = Array.from({ length: 24 }, (_, j) => truth(96 + j));
    const mae = (mean: Float64Array) => mean.reduce((s, v, j) => s + Math.abs(v - future[j]), 0) / 24;
    const naive = await forecast(seriesBatch([y]), { horizon: 24, season: m, model: 'naive' });
    for (const model of ['auto', 'ets', 'holt_winters_additive', 'theta', 'optimised_theta', 'seasonal_naive'] as const) {
      const out = await forecast(seriesBatch([y]), { horizon: 24, season: m, model });
      expect(mae(out.mean)).toBeLessThan(mae(naive.mean) / 5);
      expect(mae(out.mean)).toBeLessThan(3);
    }
  });

  it('an intermittent series picks the Croston family (SBA) and forecasts its demand rate', async () => {
    const rng = rngOf(2);
    const y = Array.from({ length: 200 }, () => (rng.next() < 0.2 ? 5 : 0)); // rate 1 per period
    const out = await forecast(seriesBatch([y]), { horizon: 7, model: 'auto' });
    expect(out.models[0]).toBe('sba');
    out.mean.forEach((v) => expect(Math.abs(v - 1)).toBeLessThan(0.5));
    for (let j = 0; j < 7; j++) {
      expect(out.lower[j]).toBeGreaterThanOrEqual(0);
      expect(out.upper[7 + j]).toBeGreaterThanOrEqual(5 - 1e-9); // the 95% band covers a demand of 5
    }
  });

  it('a linear trend is extrapolated by Holt and ETS', async () => {
    const y = Array.from({ length: 40 }, (_, t) => 10 + 2 * t);
    for (const model of ['holt', 'ets'] as const) {
      const out = await forecast(seriesBatch([y]), { horizon: 10, model });
      out.mean.forEach((v, j) => expect(Math.abs(v - (10 + 2 * (40 + j)))).toBeLessThan(0.02 * (10 + 2 * (40 + j))));
    }
  });

  it('a noisy linear trend: automatic choice stays within 5% of the line ten steps out', async () => {
    const rng = rngOf(4);
    const y = Array.from({ length: 60 }, (_, t) => 50 + 3 * t + 4 * (rng.next() - 0.5));
    const out = await forecast(seriesBatch([y]), { horizon: 10, model: 'auto' });
    out.mean.forEach((v, j) => expect(Math.abs(v - (50 + 3 * (60 + j)))).toBeLessThan(0.05 * (50 + 3 * (60 + j))));
  });

  it('counts never get negative means or bounds; intervals nest by level', async () => {
    const rng = rngOf(5);
    const falling = Array.from({ length: 50 }, (_, t) => Math.max(0, Math.round(20 - 0.45 * t + 3 * (rng.next() - 0.5))));
    const noisy = Array.from({ length: 50 }, () => Math.floor(rng.next() * 3));
    const models = ['auto', 'ets', 'holt', 'damped', 'theta', 'optimised_theta', 'naive', 'tsb', 'comb_shd', 'comb_mean'] as const;
    for (const model of models) {
      const out = await forecast(seriesBatch([falling, noisy]), { horizon: 30, levels: [80, 95], model });
      for (const v of [...out.mean, ...out.lower, ...out.upper]) expect(v).toBeGreaterThanOrEqual(0);
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 30; j++) {
          const [lo80, lo95] = [out.lower[(i * 2) * 30 + j], out.lower[(i * 2 + 1) * 30 + j]];
          const [hi80, hi95] = [out.upper[(i * 2) * 30 + j], out.upper[(i * 2 + 1) * 30 + j]];
          expect(lo95).toBeLessThanOrEqual(lo80 + 1e-9);
          expect(hi95).toBeGreaterThanOrEqual(hi80 - 1e-9);
          expect(lo80).toBeLessThanOrEqual(out.mean[i * 30 + j] + 1e-9);
          expect(hi80).toBeGreaterThanOrEqual(out.mean[i * 30 + j] - 1e-9);
        }
      }
    }
  });

  it('short, constant and empty series give finite forecasts; a batch does not depend on its neighbours', async () => {
    const series = [[], [7], [3, 4], [5, 5, 5, 5, 5, 5, 5, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]];
    const out = await forecast(seriesBatch(series), { horizon: 4, season: 4, model: 'auto' });
    for (const v of [...out.mean, ...out.lower, ...out.upper]) expect(Number.isFinite(v)).toBe(true);
    expect(Array.from(out.mean.subarray(0, 4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(out.mean.subarray(4, 8))).toEqual([7, 7, 7, 7]);
    out.mean.subarray(12, 16).forEach((v) => expect(v).toBeCloseTo(5, 6));
    const alone = await forecast(seriesBatch([series[4]]), { horizon: 4, season: 4, model: 'auto' });
    expect(Array.from(alone.mean)).toEqual(Array.from(out.mean.subarray(16, 20)));
  });
});

describe('forecast argument validation', () => {
  const batch = seriesBatch([[1, 2, 3]]);
  it.each([
    ['horizon 0', () => forecast(batch, { horizon: 0 }), 'forecast: horizon must be an integer in [1, 1000] (got 0)'],
    ['horizon too large', () => forecast(batch, { horizon: 1001 }), 'forecast: horizon must be an integer in [1, 1000] (got 1001)'],
    ['unknown model', () => forecast(batch, { horizon: 2, model: 'arima' as never }), 'forecast: model must be one of'],
    ['level 100', () => forecast(batch, { horizon: 2, levels: [100] }), 'forecast: levels[0] must be a number in (0, 100) (got 100)'],
    ['NaN value', () => forecast(seriesBatch([[1, NaN]]), { horizon: 2 }), 'forecast: series.values must be finite (got NaN at index 1)'],
    ['bad offsets', () => forecast({ values: new Float64Array(3), offsets: Int32Array.from([0, 4]) }, { horizon: 2 }),
      'forecast: series.offsets[series] must be values.length = 3 (got 4)'],
    ['damped without phi', () => forecast(batch, { horizon: 2, model: 'damped', params: { alpha: 0.5, beta: 0.1 } }),
      'forecast: params.phi must be given with alpha for damped'],
    ['alpha 0', () => forecast(batch, { horizon: 2, model: 'ses', params: { alpha: 0 } }), 'forecast: params.alpha must be a number in (0, 1] (got 0)'],
  ])('%s', async (_name, call, message) => {
    await expect(call()).rejects.toThrow(message);
  });
});
