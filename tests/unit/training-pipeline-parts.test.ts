import { DEFAULT_TRAINING } from '../../src/config/config';
import { decodeArtifact, encodeArtifact } from '../../src/domain/models/artifact';
import { splitHoldout } from '../../src/domain/recommendations/training/holdout';
import { decayedCounts, TRAINERS } from '../../src/domain/recommendations/training/trainers';
import { resolveTrainingParams } from '../../src/domain/recommendations/training/training-params';

const csr = {
  indptr: Int32Array.from([0, 4, 6]),
  indices: Int32Array.from([0, 1, 2, 3, 1, 2]),
  values: Float32Array.from([1, 2, 3, 4, 5, 6]),
  nItems: 4,
};

describe('training pieces', () => {
  it('holds out each user’s latest interactions, keeping users with fewer than 3 whole', () => {
    const times = Float64Array.from([10, 40, 30, 20, 1, 2]);
    const split = splitHoldout(csr, times, 0.25);
    expect(Array.from(split.train.indptr)).toEqual([0, 3, 5]);
    expect(Array.from(split.train.indices)).toEqual([0, 2, 3, 1, 2]);
    expect(Array.from(split.train.values)).toEqual([1, 3, 4, 5, 6]);
    expect(split.relevant.map((s) => [...s])).toEqual([[1], []]);
    expect(split.heldOut).toBe(1);
  });

  it('merges params over defaults and names bad keys', () => {
    const p = resolveTrainingParams('ALS', { factors: 16 }, DEFAULT_TRAINING);
    expect(p.hyper).toEqual({ factors: 16, regularization: 100, alpha: 20, iterations: 15, seed: 42 });
    expect(p.holdoutFraction).toBe(0.1);
    expect(() => resolveTrainingParams('ALS', { factors: 0 }, DEFAULT_TRAINING)).toThrow('params.factors: must be between 1 and 1024 (got 0)');
    expect(() => resolveTrainingParams('EASE', { neighbors: 3 }, DEFAULT_TRAINING)).toThrow(/^params.neighbors: unknown parameter for EASE/);
    expect(() => resolveTrainingParams('EASE', { decayHalfLifeDays: 'x' }, DEFAULT_TRAINING)).toThrow('params.decayHalfLifeDays: must be a finite number');
  });

  it('decays popularity counts by half per half-life', () => {
    const times = Float64Array.from([86_400, 86_400, 86_400, 86_400, 0, 86_400]);
    const scores = decayedCounts(csr, times, 1);
    expect(Array.from(scores)).toEqual([1, 1.5, 2, 1]);
  });

  it('refuses EASE above the configured item maximum with MODEL_NOT_READY before training', async () => {
    const refused = TRAINERS.EASE({ csr, times: new Float64Array(6), hyper: { lambda: 1 }, easeMaxItems: 3 });
    await expect(refused).rejects.toMatchObject({ code: 'MODEL_NOT_READY' });
    await expect(refused).rejects.toThrow(/^EASE is limited to 3 items \(the data has 4\)/);
  });

  it('round-trips an artifact with its id maps and little-endian arrays', () => {
    const arrays = { w: Float32Array.from([1.5, -2, 3]), ids: Int32Array.from([7, -1]) };
    const encoded = encodeArtifact({ kind: 'EASE', userIds: ['10', '12'], itemIds: ['3', '4', '9'], arrays });
    const decoded = decodeArtifact(encoded);
    expect(decoded).toEqual({ kind: 'EASE', userIds: ['10', '12'], itemIds: ['3', '4', '9'], arrays });
    expect(encoded.readFloatLE(encoded.length - 20)).toBe(1.5);
  });
});
