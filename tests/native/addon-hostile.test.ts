import {
  alsFoldIn, scoreTopK, topK, trainAls, trainBpr, trainEase, trainItemKnn,
} from '../../src/compute';

/**
 * Issue 6: hostile input into every exported compute function. Each call must reject with a TypeError or RangeError
 * whose message names the function and the bad argument (pinned below), and the process must survive: a native
 * abort here kills the jest worker and fails the file. After the storm a valid call of each kernel still works.
 */
const f32 = (...v: number[]) => Float32Array.from(v);
const i32 = (...v: number[]) => Int32Array.from(v);
/** Two users, three items: user 0 has items 0 and 2, user 1 has item 1. */
const csr = () => ({ indptr: i32(0, 2, 3), indices: i32(0, 2, 1), values: f32(1, 1, 1), nItems: 3 });
const HUGE = Number.MAX_SAFE_INTEGER;
/** 600k users × 4096 factors is 2.5e9 floats per matrix: beyond int32 offsets, refused before any allocation. */
const manyUsers = () => ({ indptr: new Int32Array(600_001), indices: new Int32Array(0), values: new Float32Array(0), nItems: 10 });
const topKBase = () => ({ queries: f32(1, 0), items: f32(1, 0, 0, 1, 1, 1), d: 2, k: 2 });
const model = () => ({ items: 3, weights: new Float32Array(9) });

type Case = [name: string, call: () => Promise<unknown>, kind: typeof TypeError | typeof RangeError, message: RegExp];

const CASES: Case[] = [
  // topK
  ['topK: null input', () => topK(null as any), TypeError, /^topK: input must be an object \(got null\)$/],
  ['topK: NaN k', () => topK({ ...topKBase(), k: NaN }), TypeError, /^topK: k must be a positive integer \(got NaN\)$/],
  ['topK: negative d', () => topK({ ...topKBase(), d: -2 }), TypeError, /^topK: d must be a positive integer \(got -2\)$/],
  ['topK: Infinity k', () => topK({ ...topKBase(), k: Infinity }), TypeError, /^topK: k must be a positive integer \(got Infinity\)$/],
  ['topK: string k', () => topK({ ...topKBase(), k: '3' as any }), TypeError, /^topK: k must be a positive integer \(got "3"\)$/],
  ['topK: huge k', () => topK({ ...topKBase(), k: 2 ** 30 }), TypeError, /^topK: k must be at most 268435456 for nq=1 \(nq\*k <= 2\^28\)/],
  ['topK: k past int32', () => topK({ ...topKBase(), k: HUGE }), TypeError, /^topK: k must be a positive integer \(got 9007199254740991\)$/],
  ['topK: plain array queries', () => topK({ ...topKBase(), queries: [1, 0] as any }), TypeError, /^topK: queries must be a Float32Array .*\(got Array\(2\)\)$/],
  ['topK: Float64Array items', () => topK({ ...topKBase(), items: new Float64Array(6) as any }), TypeError, /^topK: items must be a Float32Array .*\(got Float64Array\(6\)\)$/],
  ['topK: mis-sized items', () => topK({ ...topKBase(), items: f32(1, 2, 3) }), TypeError, /^topK: items must be a Float32Array of length ni\*d \(got 3\)$/],
  ['topK: queries not a multiple of d', () => topK({ ...topKBase(), queries: f32(1) }), TypeError, /^topK: queries must be a Float32Array of length nq\*d \(got 1\)$/],
  ['topK: NaN in queries', () => topK({ ...topKBase(), queries: f32(NaN, 0) }), TypeError, /^topK: queries must be finite \(got NaN at index 0\)$/],
  ['topK: Infinity in items', () => topK({ ...topKBase(), items: f32(1, 0, 0, Infinity, 1, 1) }), TypeError, /^topK: items must be finite \(got Infinity at index 3\)$/],
  ['topK: -Infinity in bias', () => topK({ ...topKBase(), bias: f32(0, -Infinity, 0) }), TypeError, /^topK: bias must be finite \(got -Infinity at index 1\)$/],
  ['topK: mis-sized allow', () => topK({ ...topKBase(), allow: new Uint8Array(7) }), TypeError, /^topK: allow must be a Uint8Array of length ni \(got 7\)$/],
  ['topK: exclusion id out of range', () => topK({ ...topKBase(), excludeOffsets: i32(0, 1), excludeIds: i32(99) }), TypeError, /^topK: excludeIds\[0\] must be an item id in \[0, ni\) = \[0, 3\) \(got 99\)$/],
  ['topK: unknown kernel', () => topK({ ...topKBase(), kernel: 'gpu' as any }), TypeError, /^topK: kernel must be 'auto' or 'scalar' \(got "gpu"\)$/],
  // trainAls
  ['trainAls: undefined input', () => trainAls(undefined as any), TypeError, /^trainAls: input must be an object \(got undefined\)$/],
  ['trainAls: NaN factors', () => trainAls({ ...csr(), factors: NaN }), TypeError, /^trainAls: factors must be an integer in \[1, 4096\] \(got NaN\)$/],
  ['trainAls: huge factors', () => trainAls({ ...csr(), factors: HUGE }), TypeError, /^trainAls: factors must be an integer in \[1, 4096\]/],
  ['trainAls: Infinity regularization', () => trainAls({ ...csr(), factors: 2, regularization: Infinity }), TypeError, /^trainAls: regularization must be a finite number > 0 \(got Infinity\)$/],
  ['trainAls: negative alpha', () => trainAls({ ...csr(), factors: 2, alpha: -1 }), TypeError, /^trainAls: alpha must be a finite number >= 0 \(got -1\)$/],
  ['trainAls: NaN in values', () => trainAls({ ...csr(), values: f32(1, NaN, 1), factors: 2 }), TypeError, /^trainAls: values must be finite and >= 0 \(got NaN at index 1\)$/],
  ['trainAls: item id past nItems', () => trainAls({ ...csr(), indices: i32(0, 2, 7), factors: 2 }), TypeError, /^trainAls: indices\[2\] must be an item id in \[0, nItems\) = \[0, 3\) \(got 7\)$/],
  ['trainAls: mis-sized values', () => trainAls({ ...csr(), values: f32(1), factors: 2 }), TypeError, /^trainAls: values must be a Float32Array of length indices.length = 3 \(got 1\)$/],
  ['trainAls: indptr not ending at nnz', () => trainAls({ ...csr(), indptr: i32(0, 2, 9), factors: 2 }), TypeError, /^trainAls: indptr\[nUsers\] must be indices.length = 3 \(got 9\)$/],
  ['trainAls: wrong array type', () => trainAls({ ...csr(), indices: [0, 2, 1] as any, factors: 2 }), TypeError, /^trainAls: indices must be an Int32Array/],
  ['trainAls: factor matrix past 2^31 cells', () => trainAls({ ...manyUsers(), factors: 4096 }), TypeError, /^trainAls: factors must be at most 3579 for 600000 rows \(rows\*factors < 2\^31\) \(got 4096\)$/],
  // alsFoldIn
  ['alsFoldIn: NaN factors', () => alsFoldIn(f32(1, 2, 3), i32(0), f32(1), { factors: NaN }), TypeError, /^alsFoldIn: factors must be an integer in \[1, 4096\] \(got NaN\)$/],
  ['alsFoldIn: mis-sized itemFactors', () => alsFoldIn(f32(1, 2, 3), i32(0), f32(1), { factors: 2 }), TypeError, /^alsFoldIn: itemFactors must be a Float32Array of length nItems\*factors \(got 3\)$/],
  ['alsFoldIn: values length', () => alsFoldIn(f32(1, 2, 3, 4), i32(0, 1), f32(1), { factors: 2 }), TypeError, /^alsFoldIn: values must be a Float32Array of length items.length = 2 \(got 1\)$/],
  ['alsFoldIn: duplicate items', () => alsFoldIn(f32(1, 2, 3, 4), i32(1, 1), f32(1, 1), { factors: 2 }), TypeError, /^alsFoldIn: items must be distinct item ids \(got 1 twice\)$/],
  ['alsFoldIn: params null', () => alsFoldIn(f32(1, 2), i32(0), f32(1), null as any), TypeError, /^alsFoldIn: params must be an object \(got null\)$/],
  // trainBpr
  ['trainBpr: string factors', () => trainBpr({ ...csr(), factors: '8' as any }), TypeError, /^trainBpr: factors must be an integer in \[1, 4096\] \(got "8"\)$/],
  ['trainBpr: NaN learningRate', () => trainBpr({ ...csr(), factors: 2, learningRate: NaN }), TypeError, /^trainBpr: learningRate must be a finite number > 0 \(got NaN\)$/],
  ['trainBpr: huge epochs', () => trainBpr({ ...csr(), factors: 2, epochs: 1e12 }), TypeError, /^trainBpr: epochs must be an integer in \[0, 100000\] \(got 1000000000000\)$/],
  ['trainBpr: Infinity in values', () => trainBpr({ ...csr(), values: f32(1, 1, Infinity), factors: 2 }), TypeError, /^trainBpr: values must be finite and >= 0 \(got Infinity at index 2\)$/],
  ['trainBpr: factor matrix past 2^31 cells', () => trainBpr({ ...manyUsers(), factors: 4096 }), TypeError, /^trainBpr: factors must be at most 3579 for 600000 rows/],
  // trainEase
  ['trainEase: NaN lambda', () => trainEase(csr(), { lambda: NaN }), TypeError, /^trainEase: lambda must be a finite number > 0 \(got NaN\)$/],
  ['trainEase: options null', () => trainEase(csr(), null as any), TypeError, /^trainEase: lambda must be a finite number > 0 \(got undefined\)$/],
  ['trainEase: too many items', () => trainEase({ ...csr(), indptr: i32(0, 0, 0), indices: i32(), values: f32(), nItems: 1e9 }, { lambda: 1 }), TypeError, /^trainEase: x.nItems must be at most maxItems = 20000 \(B is items² floats; raise maxItems to allow\) \(got 1000000000\)$/],
  ['trainEase: unallocatable items²', () => trainEase({ indptr: i32(0), indices: i32(), values: f32(), nItems: 2e6 }, { lambda: 1, maxItems: 2e6 }), RangeError, /^trainEase: out of memory for this input \(std::bad_alloc\)$/],
  // trainItemKnn
  ['trainItemKnn: negative neighbors', () => trainItemKnn(csr(), { neighbors: -1 }), TypeError, /^trainItemKnn: neighbors must be a positive integer \(got -1\)$/],
  ['trainItemKnn: NaN shrink', () => trainItemKnn(csr(), { neighbors: 2, shrink: NaN }), TypeError, /^trainItemKnn: shrink must be a finite number >= 0 \(got NaN\)$/],
  ['trainItemKnn: unsorted row', () => trainItemKnn({ ...csr(), indices: i32(2, 0, 1) }, { neighbors: 2 }), TypeError, /^trainItemKnn: x.indices\[1\] must be > x.indices\[0\] = 2 \(ids increase within a row\) \(got 0\)$/],
  // scoreTopK
  ['scoreTopK: huge k', () => scoreTopK({ users: csr(), model: model(), k: 2 ** 28 }), TypeError, /^scoreTopK: k must be at most 134217728 for 2 users \(users\*k <= 2\^28\)/],
  ['scoreTopK: model of another size', () => scoreTopK({ users: csr(), model: { items: 4, weights: new Float32Array(16) }, k: 2 }), TypeError, /^scoreTopK: model.items must be users.nItems = 3 \(got 4\)$/],
  ['scoreTopK: mis-sized weights', () => scoreTopK({ users: csr(), model: { items: 3, weights: new Float32Array(8) }, k: 2 }), TypeError, /^scoreTopK: model.weights must be a Float32Array of length items\*items = 9 \(got 8\)$/],
  ['scoreTopK: NaN in knn values', () => scoreTopK({ users: csr(), model: { items: 3, offsets: i32(0, 1, 1, 1), ids: i32(1), values: f32(NaN) }, k: 2 }), TypeError, /^scoreTopK: model.values must be finite \(got NaN at index 0\)$/],
  ['scoreTopK: knn id out of range', () => scoreTopK({ users: csr(), model: { items: 3, offsets: i32(0, 1, 1, 1), ids: i32(5), values: f32(1) }, k: 2 }), TypeError, /^scoreTopK: model.ids\[0\] must be an item id in \[0, items\) = \[0, 3\) \(got 5\)$/],
  ['scoreTopK: users not an object', () => scoreTopK({ users: 7 as any, model: model(), k: 2 }), TypeError, /^scoreTopK: users must be an object \(got 7\)$/],
];

describe('hostile arguments into the compute addon', () => {
  it.each(CASES)('%s → a clear error', async (_name, call, kind, message) => {
    const error = await call().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(kind);
    expect((error as Error).message).toMatch(message);
  });

  it('serves valid calls of every kernel after the storm', async () => {
    await expect(topK(topKBase())).resolves.toMatchObject({ nq: 1, k: 2 });
    const als = await trainAls({ ...csr(), factors: 2, iterations: 2 });
    expect(als.userFactors.every(Number.isFinite)).toBe(true);
    await expect(alsFoldIn(als.itemFactors, i32(1), f32(1), { factors: 2 })).resolves.toHaveLength(2);
    await expect(trainBpr({ ...csr(), factors: 2, epochs: 2 })).resolves.toMatchObject({ nUsers: 2, nItems: 3 });
    const ease = await trainEase(csr(), { lambda: 1 });
    await expect(scoreTopK({ users: csr(), model: ease, k: 1 })).resolves.toMatchObject({ users: 2, k: 1 });
    await expect(trainItemKnn(csr(), { neighbors: 2 })).resolves.toMatchObject({ items: 3 });
  });
});
