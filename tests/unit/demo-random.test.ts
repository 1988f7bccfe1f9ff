import { deriveSeed, Rng, WeightedSampler } from '../../src/domain/demo/random';

function draws(rng: Rng, n: number, draw: (r: Rng) => number): number[] {
  return Array.from({ length: n }, () => draw(rng));
}

function meanAndVariance(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

describe('demo random source', () => {
  it('repeats its sequence for a seed and differs between seeds and named streams', () => {
    const a = draws(new Rng(42), 100, (r) => r.nextUint32());
    expect(draws(new Rng(42), 100, (r) => r.nextUint32())).toEqual(a);
    expect(draws(new Rng(43), 100, (r) => r.nextUint32())).not.toEqual(a);
    expect(deriveSeed(42, 'orders')).not.toBe(deriveSeed(42, 'funnel'));
    expect(deriveSeed(42, 'orders')).toBe(deriveSeed(42, 'orders'));
    expect(Rng.forStream(42, 'orders').next()).toBe(Rng.forStream(42, 'orders').next());
  });

  it('draws uniforms in [0, 1) with mean one half', () => {
    const xs = draws(new Rng(1), 20_000, (r) => r.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(meanAndVariance(xs).mean).toBeCloseTo(0.5, 1);
    const ints = draws(new Rng(2), 5_000, (r) => r.intBetween(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
  });

  it.each([0.05, 0.8, 6, 45])('draws Poisson(%p) with mean and variance lambda', (lambda) => {
    const { mean, variance } = meanAndVariance(draws(new Rng(3), 20_000, (r) => r.poisson(lambda)));
    expect(Math.abs(mean - lambda)).toBeLessThan(0.05 * lambda + 0.01);
    expect(Math.abs(variance - lambda)).toBeLessThan(0.1 * lambda + 0.01);
  });

  it.each([
    [0.5, 2],
    [2, 0.5],
    [4, 0.25],
  ])('draws Gamma(%p, %p) with mean shape × scale', (shape, scale) => {
    const { mean, variance } = meanAndVariance(draws(new Rng(4), 20_000, (r) => r.gamma(shape, scale)));
    expect(mean).toBeCloseTo(shape * scale, 1);
    expect(variance / (shape * scale * scale)).toBeGreaterThan(0.9);
    expect(variance / (shape * scale * scale)).toBeLessThan(1.1);
  });

  it('samples categories in proportion to their weights and never a zero weight', () => {
    const rng = new Rng(5);
    const sampler = new WeightedSampler([1, 0, 3, 0, 6]);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 20_000; i++) counts[sampler.sample(rng)]++;
    expect(counts[1]).toBe(0);
    expect(counts[3]).toBe(0);
    expect(counts[4] / 20_000).toBeCloseTo(0.6, 1);
    expect(counts[0] / 20_000).toBeCloseTo(0.1, 1);
    expect(new WeightedSampler([0, 0]).sample(rng)).toBe(-1);
    const linear = [0, 0, 0];
    for (let i = 0; i < 10_000; i++) linear[rng.categorical([2, 1, 1])]++;
    expect(linear[0] / 10_000).toBeCloseTo(0.5, 1);
  });
});
