import { loadAddon } from './addon';

/** The arguments native trainAls() reads; every field resolved (defaults applied) by als.ts. */
export interface NativeAlsArgs {
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  nItems: number;
  factors: number;
  regularization: number;
  alpha: number;
  iterations: number;
  cgSteps: number;
  seed: number;
  solver: 'cg' | 'cholesky';
  computeLoss: boolean;
  kernel: 'auto' | 'scalar';
}

export interface NativeFoldInArgs {
  itemFactors: Float32Array;
  itemGram?: Float64Array;
  items: Int32Array;
  values: Float32Array;
  factors: number;
  regularization: number;
  alpha: number;
}

export interface NativeBprArgs {
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  nItems: number;
  factors: number;
  learningRate: number;
  regularization: number;
  epochs: number;
  seed: number;
}

/** The addon's matrix-factorisation exports (native/binding/factorization_binding.cc). */
export interface NativeFactorizationAddon {
  trainAls(args: NativeAlsArgs): Promise<{
    userFactors: Float32Array;
    itemFactors: Float32Array;
    itemGram: Float64Array;
    loss: Float64Array;
  }>;
  alsFoldIn(args: NativeFoldInArgs): Promise<Float32Array>;
  trainBpr(args: NativeBprArgs): Promise<{
    userFactors: Float32Array;
    itemFactors: Float32Array;
    itemBias: Float32Array;
    loss: Float64Array;
    auc: Float64Array;
  }>;
}

/** The loaded addon seen through its factorisation exports. */
export function factorizationAddon(): NativeFactorizationAddon {
  return loadAddon() as unknown as NativeFactorizationAddon;
}
