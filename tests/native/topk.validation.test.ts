import { loadAddon } from '../../src/compute/addon';
import { topK, topKReference, type TopKInput } from '../../src/compute';

/** Exact message text (not error class: the addon's errors come from another realm under jest). */
describe('topK argument validation', () => {
  const base = (): TopKInput => ({
    queries: new Float32Array(8).fill(0.5),
    items: new Float32Array(40).fill(0.25),
    d: 4,
    k: 3,
  });

  function withValue(input: TopKInput, name: 'queries' | 'items', at: number, value: number): TopKInput {
    const copy = input[name].slice();
    copy[at] = value;
    return { ...input, [name]: copy };
  }

  const csr = (offsets: number[], ids: number[]) => ({
    excludeOffsets: Int32Array.from(offsets),
    excludeIds: Int32Array.from(ids),
  });
  const allowAllBut9 = Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 0);
  const notA = <T>(value: unknown) => value as T;

  const cases: Array<[string, (i: TopKInput) => TopKInput, string]> = [
    ['d = 0', (i) => ({ ...i, d: 0 }), 'topK: d must be a positive integer (got 0)'],
    ['k fractional', (i) => ({ ...i, k: 1.5 }), 'topK: k must be a positive integer (got 1.5)'],
    ['k = 0', (i) => ({ ...i, k: 0 }), 'topK: k must be a positive integer (got 0)'],
    ['k too large', (i) => ({ ...i, k: 2 ** 28 }),
      'topK: k must be at most 134217728 for nq=2 (nq*k <= 2^28) (got 268435456)'],
    ['items of the wrong type', (i) => ({ ...i, items: notA<Float32Array>(new Float64Array(12)) }),
      'topK: items must be a Float32Array of length ni*d (got Float64Array(12))'],
    ['items not a multiple of d', (i) => ({ ...i, items: new Float32Array(13) }),
      'topK: items must be a Float32Array of length ni*d (got 13)'],
    ['queries missing', (i) => ({ ...i, queries: notA<Float32Array>(undefined) }),
      'topK: queries must be a Float32Array of length nq*d (got undefined)'],
    ['excludeIds without offsets', (i) => ({ ...i, excludeIds: Int32Array.of(1) }),
      'topK: excludeOffsets must be an Int32Array when excludeIds is given (got undefined)'],
    ['excludeOffsets of the wrong length', (i) => ({ ...i, ...csr([0, 0], []) }),
      'topK: excludeOffsets must be an Int32Array of length nq+1 (got 2)'],
    ['excludeOffsets decreasing', (i) => ({ ...i, ...csr([0, 2, 1], [1, 2]) }),
      'topK: excludeOffsets[2] must be >= excludeOffsets[1] = 2 (got 1)'],
    ['excludeOffsets[nq] short of excludeIds', (i) => ({ ...i, ...csr([0, 1, 1], [1, 2]) }),
      'topK: excludeOffsets[nq] must be excludeIds.length = 2 (got 1)'],
    ['exclusion id out of range', (i) => ({ ...i, ...csr([0, 1, 2], [1, 10]) }),
      'topK: excludeIds[1] must be an item id in [0, ni) = [0, 10) (got 10)'],
    ['negative exclusion id', (i) => ({ ...i, ...csr([0, 1, 1], [-1]) }),
      'topK: excludeIds[0] must be an item id in [0, ni) = [0, 10) (got -1)'],
    ['allow of the wrong length', (i) => ({ ...i, allow: new Uint8Array(3) }),
      'topK: allow must be a Uint8Array of length ni (got 3)'],
    ['bias of the wrong type', (i) => ({ ...i, bias: notA<Float32Array>([1, 2]) }),
      'topK: bias must be a Float32Array of length ni (got Array(2))'],
    ['unknown kernel', (i) => ({ ...i, kernel: notA<'auto'>('fast') }),
      `topK: kernel must be 'auto' or 'scalar' (got "fast")`],
    ['NaN in queries', (i) => withValue(i, 'queries', 3, NaN), 'topK: queries must be finite (got NaN at index 3)'],
    ['Infinity in items', (i) => withValue(i, 'items', 17, Infinity),
      'topK: items must be finite (got Infinity at index 17)'],
    ['-Infinity in bias', (i) => ({ ...i, bias: Float32Array.of(0, 0, -Infinity, 0, 0, 0, 0, 0, 0, 0) }),
      'topK: bias must be finite (got -Infinity at index 2)'],
    ['NaN in a disallowed, excluded item', (i) => ({ ...withValue(i, 'items', 37, NaN), allow: allowAllBut9,
      ...csr([0, 1, 2], [9, 9]) }), 'topK: items must be finite (got NaN at index 37)'],
    ['NaN in items when there are no queries',
      (i) => ({ ...withValue(i, 'items', 5, NaN), queries: new Float32Array(0) }),
      'topK: items must be finite (got NaN at index 5)'],
    ['the first of several non-finite values', (i) => withValue(withValue(i, 'items', 30, NaN), 'items', 6, -Infinity),
      'topK: items must be finite (got -Infinity at index 6)'],
  ];

  it.each(cases)('%s', async (_name, make, message) => {
    const input = make(base());
    await expect(topK(input)).rejects.toThrow(message);
    expect(() => topKReference(input)).toThrow(message);
  });

  it("rejects with the caller's stack when the error is found natively", async () => {
    const error = (await topK(withValue(base(), 'items', 1, NaN)).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('topK: items must be finite (got NaN at index 1)');
    expect(error.stack).toContain('topk.validation.test');
  });

  it('the addon guards its own memory safety even without the TypeScript checks', async () => {
    const addon = loadAddon();
    const float64Items = notA<Float32Array>(new Float64Array(40));
    expect(() => addon.topK({ ...base(), items: float64Items })).toThrow('topK: items has the wrong type');
    expect(() => addon.topK({ ...base(), bias: new Float32Array(3) })).toThrow('topK: bias must have ni entries');
    await expect(addon.topK({ ...base(), ...csr([0, 2, 1], [1, 2]) })).rejects.toThrow(
      'topK: excludeOffsets must be non-decreasing',
    );
    await expect(addon.topK({ ...base(), ...csr([0, 1, 1], [99]) })).rejects.toThrow(
      'topK: excludeIds[0] is not an item id',
    );
  });
});
