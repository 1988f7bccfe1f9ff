/** Arguments of trainMlp(): n × d features, 0/1 labels and the training settings. */
export interface TrainMlpInput {
  /** n × d row-major features, all finite; standardised inside (means/stds from the training rows). */
  x: Float32Array;
  /** n labels, each 0 or 1. */
  y: Float32Array;
  n: number;
  d: number;
  /** Hidden layer widths, input side first (default [32]; [] is logistic regression). */
  hidden?: number[];
  /** Adam step size, in (0, 1] (default 1e-3). */
  learningRate?: number;
  /** L2 penalty on the weights, not the biases (default 1e-4). */
  l2?: number;
  /** Most epochs (default 200). */
  epochs?: number;
  /** Rows per mini-batch (default 256). */
  batchSize?: number;
  /** Share of rows held out (seeded) for early stopping, in [0, 1) (default 0.2; 0 = no early stopping). */
  validationFraction?: number;
  /** Epochs without a lower validation loss before stopping (default 10). */
  patience?: number;
  /** Seeds the split, the initial weights and the shuffles (default 42). */
  seed?: number;
  /** Weight of the positive-class terms of the loss, in (0, 1e6] (default 1). */
  positiveWeight?: number;
  /** Optional starting weights (layout as MlpModel.weights) instead of the seeded He-uniform ones. */
  initialWeights?: Float32Array;
}

/**
 * A trained network of layer sizes d → hidden… → 1. `weights` concatenates, layer by layer from the input,
 * W (out × in, row-major) then b (out). Inputs are standardised as (x − means) / stds before the first layer.
 */
export interface MlpModel {
  d: number;
  hidden: number[];
  weights: Float32Array;
  means: Float32Array;
  stds: Float32Array;
  /** Per epoch: the mean weighted cross-entropy of its mini-batches (before L2). */
  trainLoss: Float32Array;
  /** Per epoch: the mean weighted cross-entropy on the validation rows after it (empty without them). */
  validationLoss: Float32Array;
  /** 0-based epoch whose weights were kept (the lowest validation loss; the last epoch without validation). */
  bestEpoch: number;
}

/** The parts of a model prediction needs (a full MlpModel fits). */
export type MlpWeights = Pick<MlpModel, 'd' | 'hidden' | 'weights' | 'means' | 'stds'>;

/** Arguments of mlpPredict() and mlpContributions(). */
export interface MlpApplyInput {
  model: MlpWeights;
  /** n × model.d row-major features (raw units: the model standardises them). */
  x: Float32Array;
  n: number;
}
