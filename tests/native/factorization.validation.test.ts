import { alsFoldIn, alsReference, bprReference, trainAls, trainBpr, type AlsInput, type BprInput } from '../../src/compute';
import { factorizationAddon } from '../../src/compute/factorization.addon';

/** Exact message text for trainAls / trainBpr / alsFoldIn (and the references, which validate the same way). */
describe('matrix factorisation argument validation', () => {
  // Users: 0 → {0, 2}, 1 → {}, 2 → {1, 3}; 4 items.
  const base = () => ({
    indptr: Int32Array.of(0, 2, 2, 4),
    indices: Int32Array.of(0, 2, 1, 3),
    values: Float32Array.of(1, 2, 1, 1),
    nItems: 4,
    factors: 2,
  });
  const notA = <T>(value: unknown) => value as T;
  const withValue = <K extends 'indptr' | 'indices' | 'values'>(name: K, at: number, value: number) => {
    const input = base();
    input[name][at] = value;
    return input;
  };

  const shared: Array<[string, () => AlsInput & BprInput, string]> = [
    ['factors = 0', () => ({ ...base(), factors: 0 }), 'factors must be an integer in [1, 4096] (got 0)'],
    ['factors fractional', () => ({ ...base(), factors: 2.5 }), 'factors must be an integer in [1, 4096] (got 2.5)'],
    ['nItems negative', () => ({ ...base(), nItems: -1 }), 'nItems must be an integer in [0, 2147483647] (got -1)'],
    ['indptr of the wrong type', () => ({ ...base(), indptr: notA<Int32Array>([0, 2]) }),
      'indptr must be an Int32Array of length nUsers+1 (got Array(2))'],
    ['values of the wrong type', () => ({ ...base(), values: notA<Float32Array>(new Float64Array(4)) }),
      'values must be a Float32Array of length indices.length (got Float64Array(4))'],
    ['values too short', () => ({ ...base(), values: new Float32Array(3) }),
      'values must be a Float32Array of length indices.length = 4 (got 3)'],
    ['indptr[0] not 0', () => withValue('indptr', 0, 1), 'indptr[0] must be 0 (got 1)'],
    ['indptr decreasing', () => withValue('indptr', 2, 1), 'indptr[2] must be >= indptr[1] = 2 (got 1)'],
    ['indptr[nUsers] short', () => withValue('indptr', 3, 3), 'indptr[nUsers] must be indices.length = 4 (got 3)'],
    ['item id out of range', () => withValue('indices', 3, 4), 'indices[3] must be an item id in [0, nItems) = [0, 4) (got 4)'],
    ['negative item id', () => withValue('indices', 0, -1), 'indices[0] must be an item id in [0, nItems) = [0, 4) (got -1)'],
    ['duplicate item in a row', () => withValue('indices', 1, 0),
      'indices[1] must be > indices[0] = 0 (ids increase within a row) (got 0)'],
    ['NaN weight', () => withValue('values', 2, NaN), 'values must be finite and >= 0 (got NaN at index 2)'],
    ['Infinite weight', () => withValue('values', 1, Infinity), 'values must be finite and >= 0 (got Infinity at index 1)'],
    ['negative weight', () => withValue('values', 3, -1), 'values must be finite and >= 0 (got -1 at index 3)'],
    ['seed negative', () => ({ ...base(), seed: -1 }), 'seed must be an integer in [0, 4294967295] (got -1)'],
  ];

  const als: Array<[string, () => AlsInput, string]> = [
    ...shared,
    ['regularization = 0', () => ({ ...base(), regularization: 0 }), 'regularization must be a finite number > 0 (got 0)'],
    ['alpha NaN', () => ({ ...base(), alpha: NaN }), 'alpha must be a finite number >= 0 (got NaN)'],
    ['cgSteps = 0', () => ({ ...base(), cgSteps: 0 }), 'cgSteps must be an integer in [1, 100000] (got 0)'],
    ['iterations fractional', () => ({ ...base(), iterations: 1.5 }), 'iterations must be an integer in [0, 100000] (got 1.5)'],
    ['unknown solver', () => ({ ...base(), solver: notA<'cg'>('lu') }), `solver must be 'cg' or 'cholesky' (got "lu")`],
    ['unknown kernel', () => ({ ...base(), kernel: notA<'auto'>('gpu') }), `kernel must be 'auto' or 'scalar' (got "gpu")`],
  ];

  it.each(als)('trainAls: %s', async (_name, make, message) => {
    await expect(trainAls(make())).rejects.toThrow(`trainAls: ${message}`);
    expect(() => alsReference(make())).toThrow(`trainAls: ${message}`);
  });

  const bpr: Array<[string, () => BprInput, string]> = [
    ...shared,
    ['learningRate = 0', () => ({ ...base(), learningRate: 0 }), 'learningRate must be a finite number > 0 (got 0)'],
    ['regularization negative', () => ({ ...base(), regularization: -0.1 }),
      'regularization must be a finite number >= 0 (got -0.1)'],
    ['epochs missing a value', () => ({ ...base(), epochs: notA<number>('3') }),
      'epochs must be an integer in [0, 100000] (got "3")'],
  ];

  it.each(bpr)('trainBpr: %s', async (_name, make, message) => {
    await expect(trainBpr(make())).rejects.toThrow(`trainBpr: ${message}`);
    expect(() => bprReference(make())).toThrow(`trainBpr: ${message}`);
  });

  const y = new Float32Array(8); // 4 items × 2 factors
  const foldIn: Array<[string, () => Promise<Float32Array>, string]> = [
    ['itemFactors not a multiple of factors', () => alsFoldIn(new Float32Array(7), Int32Array.of(0), Float32Array.of(1),
      { factors: 2 }), 'itemFactors must be a Float32Array of length nItems*factors (got 7)'],
    ['values of the wrong length', () => alsFoldIn(y, Int32Array.of(0, 1), Float32Array.of(1), { factors: 2 }),
      'values must be a Float32Array of length items.length = 2 (got 1)'],
    ['repeated item', () => alsFoldIn(y, Int32Array.of(3, 1, 3), Float32Array.of(1, 1, 1), { factors: 2 }),
      'items must be distinct item ids (got 3 twice)'],
    ['item out of range', () => alsFoldIn(y, Int32Array.of(1, 4), Float32Array.of(1, 1), { factors: 2 }),
      'items[1] must be an item id in [0, nItems) = [0, 4) (got 4)'],
    ['NaN weight', () => alsFoldIn(y, Int32Array.of(1), Float32Array.of(NaN), { factors: 2 }),
      'values must be finite and >= 0 (got NaN at index 0)'],
    ['itemGram of the wrong size', () => alsFoldIn(y, Int32Array.of(1), Float32Array.of(1),
      { factors: 2, itemGram: new Float64Array(2) }), 'itemGram must be a Float64Array of length factors*factors = 4 (got 2)'],
  ];

  it.each(foldIn)('alsFoldIn: %s', async (_name, call, message) => {
    await expect(call()).rejects.toThrow(`alsFoldIn: ${message}`);
  });

  it("keeps the caller's stack on native errors", async () => {
    const error = (await trainAls({ ...base(), nItems: notA<number>(undefined) }).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('trainAls: nItems must be an integer in [0, 2147483647] (got undefined)');
    expect(error.stack).toContain('factorization.validation.test');
  });

  it('the addon guards its own memory safety even without the TypeScript checks', async () => {
    const native = factorizationAddon();
    const raw = { ...base(), regularization: 0.1, alpha: 1, iterations: 1, cgSteps: 3, seed: 0, solver: 'cg' as const,
      computeLoss: true, kernel: 'auto' as const };
    expect(() => native.trainAls({ ...raw, indptr: Int32Array.of(0, 2, 2, 5) }))
      .toThrow('trainAls: indptr[rows] must equal indices.length');
    await expect(native.trainAls({ ...raw, indices: Int32Array.of(0, 2, 1, 9) })).rejects.toThrow('trainAls: indices out of range');
    await expect(native.trainAls({ ...raw, indices: Int32Array.of(2, 0, 1, 3) }))
      .rejects.toThrow('trainAls: indices must increase within a row');
    await expect(native.trainBpr({ ...base(), learningRate: 0.1, regularization: 0, epochs: 1, seed: 0,
      indptr: Int32Array.of(0, 1, 0, 4) })).rejects.toThrow('trainBpr: indptr must be non-decreasing');
    await expect(native.alsFoldIn({ itemFactors: y, items: Int32Array.of(-1), values: Float32Array.of(1), factors: 2,
      regularization: 0.1, alpha: 1 })).rejects.toThrow('alsFoldIn: items out of range');
  });
});
