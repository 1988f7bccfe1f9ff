import { mlpContributions, mlpPredict, trainMlp, type MlpWeights } from '../../src/compute';

/** Exact message text (not error class: errors may come from another realm under jest). */
describe('MLP argument validation', () => {
  const x = Float32Array.of(0, 1, 2, 3, 4, 5), y = Float32Array.of(0, 1, 1);
  const base = { x, y, n: 3, d: 2 };
  const model: MlpWeights = {
    d: 2, hidden: [2], weights: new Float32Array(9), means: new Float32Array(2), stds: Float32Array.of(1, 1),
  };
  const as = <T>(value: unknown) => value as T;

  const cases: Array<[string, () => Promise<unknown>, string]> = [
    ['x of the wrong length', () => trainMlp({ ...base, n: 4 }),
      'trainMlp: x must be a Float32Array of length n*d = 8 (got Float32Array(6))'],
    ['an infinite feature', () => trainMlp({ ...base, x: Float32Array.of(0, 1, Infinity, 3, 4, 5) }),
      'trainMlp: x must be finite (got Infinity at index 2)'],
    ['y of the wrong length', () => trainMlp({ ...base, y: Float32Array.of(0, 1) }),
      'trainMlp: y must be a Float32Array of length n = 3 (got Float32Array(2))'],
    ['a label that is not 0/1', () => trainMlp({ ...base, y: Float32Array.of(0, 0.5, 1) }),
      'trainMlp: y[1] must be 0 or 1 (got 0.5)'],
    ['hidden not an array', () => trainMlp({ ...base, hidden: as<number[]>(32) }),
      'trainMlp: hidden must be an array of at most 16 layer widths (got 32)'],
    ['a zero-width layer', () => trainMlp({ ...base, hidden: [8, 0] }),
      'trainMlp: hidden[1] must be an integer in [1, 4096] (got 0)'],
    ['learningRate 0', () => trainMlp({ ...base, learningRate: 0 }),
      'trainMlp: learningRate must be a number in (0, 1] (got 0)'],
    ['learningRate 2', () => trainMlp({ ...base, learningRate: 2 }),
      'trainMlp: learningRate must be a number in (0, 1] (got 2)'],
    ['negative l2', () => trainMlp({ ...base, l2: -0.1 }), 'trainMlp: l2 must be a finite number >= 0 (got -0.1)'],
    ['epochs 0', () => trainMlp({ ...base, epochs: 0 }), 'trainMlp: epochs must be an integer in [1, 100000] (got 0)'],
    ['batchSize 0', () => trainMlp({ ...base, batchSize: 0 }), 'trainMlp: batchSize must be a positive integer (got 0)'],
    ['validationFraction 1', () => trainMlp({ ...base, validationFraction: 1 }),
      'trainMlp: validationFraction must be a number in [0, 1) (got 1)'],
    ['patience 0', () => trainMlp({ ...base, patience: 0 }), 'trainMlp: patience must be an integer in [1, 100000] (got 0)'],
    ['positiveWeight NaN', () => trainMlp({ ...base, positiveWeight: NaN }),
      'trainMlp: positiveWeight must be a number in (0, 1000000] (got NaN)'],
    ['initialWeights of the wrong length', () => trainMlp({ ...base, hidden: [2], initialWeights: new Float32Array(3) }),
      'trainMlp: initialWeights must be a Float32Array of length 9 (the weight count) (got Float32Array(3))'],
    ['model weights of the wrong length', () => mlpPredict({ model: { ...model, weights: new Float32Array(8) }, x, n: 3 }),
      'mlpPredict: model.weights must be a Float32Array of length 9 (the weight count) (got Float32Array(8))'],
    ['a zero std', () => mlpPredict({ model: { ...model, stds: Float32Array.of(1, 0) }, x, n: 3 }),
      'mlpPredict: model.stds[1] must be > 0 (got 0)'],
    ['x of the wrong width', () => mlpContributions({ model, x: new Float32Array(5), n: 3 }),
      'mlpContributions: x must be a Float32Array of length n*d = 6 (got Float32Array(5))'],
    // Checked natively, during standardisation (same message text); the first bad value is reported.
    ['a NaN row to predict', () => mlpPredict({ model, x: Float32Array.of(0, 1, 2, NaN, 4, -Infinity), n: 3 }),
      'mlpPredict: x must be finite (got NaN at index 3)'],
    ['an infinite row to explain', () => mlpContributions({ model, x: Float32Array.of(0, 1, 2, 3, -Infinity, 5), n: 3 }),
      'mlpContributions: x must be finite (got -Infinity at index 4)'],
  ];

  it.each(cases)('%s', async (_name, call, message) => {
    await call().then(
      () => { throw new Error('expected a rejection'); },
      (error: Error) => expect(error.message).toBe(message),
    );
  });
});
