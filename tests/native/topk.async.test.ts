import { topK, type TopKInput, type TopKResult } from '../../src/compute';
import { randomVectors, row } from './support/topk-fixtures';

/** topK runs off the event loop and is safe to call concurrently. */
describe('topK is asynchronous', () => {
  it('keeps the event loop turning during a large call', async () => {
    const nq = 2000, ni = 20_000, d = 64;
    const input: TopKInput = { queries: randomVectors(nq * d, 21), items: randomVectors(ni * d, 22), d, k: 10 };
    let ticks = 0;
    let done = false;
    const spin = (): void => {
      ticks++;
      if (!done) setImmediate(spin);
    };
    setImmediate(spin);
    const result = await topK(input);
    done = true;
    expect(result.counts.every((c) => c === 10)).toBe(true);
    // Blocking work would let at most one immediate run before the result; 5 GFLOP of native work on a free
    // loop leaves room for hundreds (an immediate costs microseconds, the call milliseconds even on 16 cores).
    expect(ticks).toBeGreaterThan(10);
  });

  it('gives the same answers to concurrent calls as to sequential ones', async () => {
    const d = 32, ni = 30_000;
    const items = randomVectors(ni * d, 31);
    const inputs = Array.from({ length: 8 }, (_, s): TopKInput => {
      return { queries: randomVectors((s + 1) * d, 40 + s), items, d, k: 7 };
    });
    const sequential: TopKResult[] = [];
    for (const input of inputs) sequential.push(await topK(input));
    const concurrent = await Promise.all(inputs.map((input) => topK(input)));
    concurrent.forEach((r, s) => {
      expect(Array.from(r.ids)).toEqual(Array.from(sequential[s].ids));
      expect(row(r, 0).length).toBe(7);
    });
  });
});
