import { scoreTopK, trainEase, trainItemKnn, type InteractionCsr } from '../../src/compute';
import { fromLists } from './support/item-model-fixtures';

/** Exact message text (not error class: errors may come from another realm under jest). */
describe('item-model argument validation', () => {
  const x = (): InteractionCsr => fromLists(4, [[0, 1], [2]]);
  const notA = <T>(value: unknown) => value as T;

  const easeCases: Array<[string, () => Promise<unknown>, string]> = [
    ['λ = 0', () => trainEase(x(), { lambda: 0 }), 'trainEase: lambda must be a finite number > 0 (got 0)'],
    ['λ NaN', () => trainEase(x(), { lambda: NaN }), 'trainEase: lambda must be a finite number > 0 (got NaN)'],
    ['too many items', () => trainEase({ ...x(), nItems: 20_001 }, { lambda: 1 }),
      'trainEase: x.nItems must be at most maxItems = 20000 (B is items² floats; raise maxItems to allow) (got 20001)'],
    ['a lower maxItems', () => trainEase(x(), { lambda: 1, maxItems: 3 }),
      'trainEase: x.nItems must be at most maxItems = 3 (B is items² floats; raise maxItems to allow) (got 4)'],
    ['indptr of the wrong type', () => trainEase({ ...x(), indptr: notA<Int32Array>([0, 2, 3]) }, { lambda: 1 }),
      'trainEase: x.indptr must be an Int32Array of length nUsers+1 (got Array(3))'],
    ['indptr not ending at indices.length', () => trainEase({ ...x(), indptr: Int32Array.of(0, 2, 2) }, { lambda: 1 }),
      'trainEase: x.indptr[nUsers] must be indices.length = 3 (got 2)'],
    ['id out of range', () => trainEase({ ...x(), indices: Int32Array.of(0, 4, 2) }, { lambda: 1 }),
      'trainEase: x.indices[1] must be an item id in [0, nItems) = [0, 4) (got 4)'],
    ['ids not increasing in a row', () => trainEase({ ...x(), indices: Int32Array.of(1, 1, 2) }, { lambda: 1 }),
      'trainEase: x.indices[1] must be > x.indices[0] = 1 (ids increase within a row) (got 1)'],
    ['values of the wrong length', () => trainEase({ ...x(), values: new Float32Array(2) }, { lambda: 1 }),
      'trainEase: x.values must be a Float32Array of length indices.length = 3 (got 2)'],
    ['a NaN value', () => trainEase({ ...x(), values: Float32Array.of(1, NaN, 1) }, { lambda: 1 }),
      'trainEase: x.values must be finite and >= 0 (got NaN at index 1)'],
    ['a negative value', () => trainEase({ ...x(), values: Float32Array.of(1, -1, 1) }, { lambda: 1 }),
      'trainEase: x.values must be finite and >= 0 (got -1 at index 1)'],
  ];

  const knnCases: Array<[string, () => Promise<unknown>, string]> = [
    ['neighbors = 0', () => trainItemKnn(x(), { neighbors: 0 }), 'trainItemKnn: neighbors must be a positive integer (got 0)'],
    ['negative shrink', () => trainItemKnn(x(), { neighbors: 3, shrink: -1 }),
      'trainItemKnn: shrink must be a finite number >= 0 (got -1)'],
  ];

  const scoreCases: Array<[string, () => Promise<unknown>, string]> = [
    ['k = 0', async () => scoreTopK({ users: x(), model: await trainEase(x(), { lambda: 1 }), k: 0 }),
      'scoreTopK: k must be a positive integer (got 0)'],
    ['model for other items', async () => scoreTopK({ users: x(), model: { items: 3, weights: new Float32Array(9) }, k: 2 }),
      'scoreTopK: model.items must be users.nItems = 4 (got 3)'],
    ['users with an id out of range', async () => scoreTopK({ users: { ...x(), indices: Int32Array.of(0, 1, 9) },
      model: { items: 4, weights: new Float32Array(16) }, k: 2 }),
      'scoreTopK: users.indices[2] must be an item id in [0, nItems) = [0, 4) (got 9)'],
    ['dense weights of the wrong length', async () => scoreTopK({ users: x(), model: { items: 4, weights: new Float32Array(15) }, k: 2 }),
      'scoreTopK: model.weights must be a Float32Array of length items*items = 16 (got 15)'],
  ];

  it.each([...easeCases, ...knnCases, ...scoreCases])('%s', async (_name, call, message) => {
    await expect(call()).rejects.toThrow(message);
    await call().catch((e: Error) => expect(e.message).toBe(message));
  });

  it('keeps the caller in the stack of a validation error', async () => {
    const error = await trainEase(x(), { lambda: -1 }).catch((e: Error) => e);
    expect((error as Error).stack).toContain('item-models.validation.test.ts');
  });
});
