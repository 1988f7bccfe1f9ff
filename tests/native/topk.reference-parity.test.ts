import { topK, topKReference, type TopKInput, type TopKKernel, type TopKResult } from '../../src/compute';
import { expectMatchesReference, randomExclusions, randomVectors } from './support/topk-fixtures';

/** Native (both kernel tiers) against the readable reference on random data of several shapes. */
describe('topK matches topKReference', () => {
  const shapes: Array<{ name: string; nq: number; ni: number; d: number; k: number }> = [
    { name: 'd=1', nq: 5, ni: 1000, d: 1, k: 10 },
    { name: 'd=7 (SIMD tail only), ni not a multiple of 4', nq: 3, ni: 3001, d: 7, k: 25 },
    { name: 'd=33 (SIMD body + tail)', nq: 7, ni: 4099, d: 33, k: 16 },
    { name: 'd=64', nq: 20, ni: 5000, d: 64, k: 10 },
    { name: 'nq=1 over 100k items (item partitions merged)', nq: 1, ni: 100_000, d: 64, k: 10 },
    { name: 'nq=1000 (query chunks)', nq: 1000, ni: 2000, d: 16, k: 5 },
  ];
  const kernels: TopKKernel[] = ['auto', 'scalar'];

  for (const s of shapes) {
    describe(s.name, () => {
      const input: TopKInput = {
        queries: randomVectors(s.nq * s.d, 1 + s.d),
        items: randomVectors(s.ni * s.d, 2 + s.ni),
        d: s.d,
        k: s.k,
      };
      let expected: TopKResult;
      beforeAll(() => {
        expected = topKReference(input); // once per shape: both kernels must match it
      });
      for (const kernel of kernels) {
        it(`kernel ${kernel}`, async () => {
          expectMatchesReference(input, await topK({ ...input, kernel }), expected);
        });
      }
    });
  }

  it('with exclusions, allow-mask and bias together', async () => {
    const nq = 50, ni = 20_000, d = 24;
    const allow = new Uint8Array(ni).map((_, i) => (i % 7 === 3 ? 0 : 1));
    const input: TopKInput = {
      queries: randomVectors(nq * d, 11),
      items: randomVectors(ni * d, 12),
      d,
      k: 20,
      ...randomExclusions(nq, ni, 40, 13),
      allow,
      bias: randomVectors(ni, 14).map((x) => x * 0.5),
    };
    expectMatchesReference(input, await topK(input), topKReference(input));
  });
});
