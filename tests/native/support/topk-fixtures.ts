import type { TopKInput, TopKResult } from '../../../src/compute';

// Bound once: under jest's vm sandbox each lookup of the global `Math` is slow enough to dominate data generation.
const imul = Math.imul;

/** A small seeded PRNG (mulberry32): the same seed gives the same data on every run and machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n values uniform in [-1, 1). */
export function randomVectors(n: number, seed: number): Float32Array {
  const next = seededRandom(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = next() * 2 - 1;
  return out;
}

/** Random exclusion lists (CSR) of up to `maxPerQuery` distinct-or-not ids per query. */
export function randomExclusions(nq: number, ni: number, maxPerQuery: number, seed: number) {
  const next = seededRandom(seed);
  const offsets = new Int32Array(nq + 1);
  const ids: number[] = [];
  for (let q = 0; q < nq; q++) {
    const n = Math.floor(next() * (maxPerQuery + 1));
    for (let i = 0; i < n; i++) ids.push(Math.floor(next() * ni));
    offsets[q + 1] = ids.length;
  }
  return { excludeOffsets: offsets, excludeIds: Int32Array.from(ids) };
}

function dotScore(input: TopKInput, q: number, id: number): number {
  let s = 0;
  for (let i = 0; i < input.d; i++) s += input.queries[q * input.d + i] * input.items[id * input.d + i];
  return s + (input.bias ? input.bias[id] : 0);
}

/**
 * Asserts native results equal the reference: same counts and padding, scores equal within float32 rounding,
 * and the same id at every rank — except where two items' scores are within rounding of each other, where the
 * float32 kernel may legitimately order them differently; such swaps must stay rare.
 */
export function expectMatchesReference(input: TopKInput, actual: TopKResult, expected: TopKResult): void {
  expect(actual.nq).toBe(expected.nq);
  expect(actual.k).toBe(expected.k);
  expect(Array.from(actual.counts)).toEqual(Array.from(expected.counts));
  const tolerance = (x: number) => 1e-5 * Math.max(1, Math.abs(x)) * Math.sqrt(input.d);
  let swaps = 0;
  for (let q = 0; q < expected.nq; q++) {
    for (let r = 0; r < expected.k; r++) {
      const at = q * expected.k + r;
      if (r >= expected.counts[q]) {
        expect(actual.ids[at]).toBe(-1);
        expect(actual.scores[at]).toBeNaN();
        continue;
      }
      expect(Math.abs(actual.scores[at] - expected.scores[at])).toBeLessThanOrEqual(tolerance(expected.scores[at]));
      if (actual.ids[at] !== expected.ids[at]) {
        swaps++;
        const theirs = dotScore(input, q, actual.ids[at]);
        expect(Math.abs(theirs - expected.scores[at])).toBeLessThanOrEqual(tolerance(expected.scores[at]));
      }
    }
  }
  expect(swaps).toBeLessThanOrEqual(Math.max(2, expected.ids.length / 1000));
}

/** Query q's returned ids (without padding), for readable expectations. */
export function row(result: TopKResult, q: number): number[] {
  return Array.from(result.ids.subarray(q * result.k, q * result.k + result.counts[q]));
}
