import { nativeExports } from './addon';
import type { InteractionCsr } from './interactions.types';

/** The arguments native trainAls() reads; every field resolved (defaults applied) by als.ts. */
export interface NativeAlsArgs extends InteractionCsr {
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

export interface NativeBprArgs extends InteractionCsr {
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
  return nativeExports<NativeFactorizationAddon>();
}
