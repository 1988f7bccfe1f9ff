import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { findProjectRoot } from '../../src/compute/addon';
import { alsReference, trainAls, type AlsInput } from '../../src/compute';
import { maxAbsDiff, randomInteractions } from './support/factorization-fixtures';

/** Native ALS against the dense exact reference, CG against Cholesky, and reproducibility. */
describe('trainAls matches its reference', () => {
  const data = randomInteractions(14, 11, 0.3, 5);
  const base: AlsInput = { ...data, factors: 4, regularization: 0.1, alpha: 2, iterations: 6, seed: 9 };

  it('the exact (Cholesky) solver equals the dense TypeScript reference', async () => {
    const native = await trainAls({ ...base, solver: 'cholesky' });
    const reference = alsReference(base);
    expect(maxAbsDiff(native.userFactors, reference.userFactors)).toBeLessThan(1e-5);
    expect(maxAbsDiff(native.itemFactors, reference.itemFactors)).toBeLessThan(1e-5);
    expect(maxAbsDiff(native.itemGram, reference.itemGram)).toBeLessThan(1e-4);
    native.loss.forEach((l, t) => expect(Math.abs(l - reference.loss[t]) / reference.loss[t]).toBeLessThan(1e-5));
  });

  it('CG with at least d steps per row converges to the exact solve', async () => {
    const exact = await trainAls({ ...base, solver: 'cholesky' });
    for (const kernel of ['auto', 'scalar'] as const) {
      const cg = await trainAls({ ...base, solver: 'cg', cgSteps: 8, kernel });
      expect(maxAbsDiff(cg.userFactors, exact.userFactors)).toBeLessThan(1e-4);
      expect(maxAbsDiff(cg.itemFactors, exact.itemFactors)).toBeLessThan(1e-4);
      cg.loss.forEach((l, t) => expect(Math.abs(l - exact.loss[t]) / exact.loss[t]).toBeLessThan(1e-3));
    }
  });

  it('the AVX2 tier agrees with the portable one (3 CG steps, d = 16 + 8 + 5 covers every loop tail)', async () => {
    const data = randomInteractions(50, 37, 0.2, 12);
    const input: AlsInput = { ...data, factors: 29, iterations: 5, alpha: 3, cgSteps: 3, seed: 4 };
    const [auto, scalar] = await Promise.all([trainAls(input), trainAls({ ...input, kernel: 'scalar' })]);
    expect(maxAbsDiff(auto.userFactors, scalar.userFactors)).toBeLessThan(1e-3);
    expect(maxAbsDiff(auto.itemFactors, scalar.itemFactors)).toBeLessThan(1e-3);
    auto.loss.forEach((l, t) => expect(Math.abs(l - scalar.loss[t]) / l).toBeLessThan(1e-5));
  });

  it.each(['cg', 'cholesky'] as const)('the %s loss never increases', async (solver) => {
    const data = randomInteractions(60, 40, 0.15, 6);
    const model = await trainAls({ ...data, factors: 8, iterations: 12, alpha: 5, solver, cgSteps: 3 });
    expect(model.loss.length).toBe(12);
    for (let t = 1; t < model.loss.length; t++) expect(model.loss[t]).toBeLessThanOrEqual(model.loss[t - 1] * (1 + 1e-6));
    expect(model.loss[11]).toBeLessThan(model.loss[0]);
  });

  it('is bit-identical for a seed, and the seed matters', async () => {
    const a = await trainAls(base), b = await trainAls(base), c = await trainAls({ ...base, seed: 10 });
    expect(Buffer.from(a.userFactors.buffer).equals(Buffer.from(b.userFactors.buffer))).toBe(true);
    expect(Buffer.from(a.itemFactors.buffer).equals(Buffer.from(b.itemFactors.buffer))).toBe(true);
    expect(maxAbsDiff(a.userFactors, c.userFactors)).toBeGreaterThan(0);
  });

  it('does not depend on AISLE_THREADS', () => {
    const addonPath = path.join(findProjectRoot(), 'build', 'Release', 'aisle_native.node');
    const script = `
      const a = require(${JSON.stringify(addonPath)});
      const users = 3000, items = 500, indptr = new Int32Array(users + 1), indices = [];
      for (let u = 0; u < users; u++) { for (let i = u % 7; i < items; i += 5 + (u % 11)) indices.push(i); indptr[u + 1] = indices.length; }
      const values = new Float32Array(indices.length).map((_, k) => 1 + (k % 3));
      a.trainAls({ indptr, indices: Int32Array.from(indices), values, nItems: items, factors: 16, regularization: 0.05,
        alpha: 2, iterations: 2, cgSteps: 3, seed: 1, solver: 'cg', computeLoss: true, kernel: 'auto' })
        .then((m) => console.log(JSON.stringify({ threads: a.capabilities().threads, loss: Array.from(m.loss),
          x: Buffer.from(m.userFactors.buffer).toString('base64'), y: Buffer.from(m.itemFactors.buffer).toString('base64') })));`;
    const run = (threads: string) => JSON.parse(execFileSync(process.execPath, ['-e', script],
      { env: { ...process.env, AISLE_THREADS: threads }, encoding: 'utf8' })) as Record<string, unknown>;
    const one = run('1'), three = run('3');
    expect([one.threads, three.threads]).toEqual([1, 3]);
    expect(three).toEqual({ ...one, threads: 3 });
  });
});
