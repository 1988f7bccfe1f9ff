import type { InteractionCsr } from './interactions.types';

/** Which ALS row solver: warm-started conjugate gradient (fast), or an exact Cholesky solve (for checking). */
export type AlsSolver = 'cg' | 'cholesky';

/** iALS hyper-parameters (Hu, Koren & Volinsky 2008). Defaults follow the implicit library. */
export interface AlsParams {
  /** Latent dimension d, >= 1. */
  factors: number;
  /** λ in (YᵀCY + λI); default 0.01. */
  regularization?: number;
  /** Confidence c_ui = 1 + alpha · r_ui; default 1. */
  alpha?: number;
  /** Full sweeps (users given items, then items given users); default 15. */
  iterations?: number;
  /** Conjugate-gradient steps per row per half-sweep; default 3 (ignored by 'cholesky'). */
  cgSteps?: number;
  /** Seed of the initial factors (uint32); default 0. The same seed gives bit-identical factors. */
  seed?: number;
  /** Default 'cg'. */
  solver?: AlsSolver;
  /** Record the training loss after each iteration (an extra O(nnz·d) pass); default true. */
  computeLoss?: boolean;
  /** 'scalar' forces the portable inner loops; default 'auto' (AVX2+FMA when the CPU has it). */
  kernel?: 'auto' | 'scalar';
}

export type AlsInput = InteractionCsr & AlsParams;

/**
 * Trained factors, row-major float32: user u's vector is userFactors[u*factors .. (u+1)*factors), and the
 * preference score of (u, i) is their dot product. `loss[t]` is the objective after iteration t, divided by the
 * total confidence weight Σ_{u,i} c_ui (implicit's normalisation); it never increases from one iteration to the
 * next (up to float rounding). `itemGram` is YᵀY (factors², float64), which makes alsFoldIn cheap.
 */
export interface AlsModel {
  nUsers: number;
  nItems: number;
  factors: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  itemGram: Float64Array;
  loss: Float64Array;
}

/** Fold-in parameters: must match the model's training ones (factors, regularization, alpha). */
export interface AlsFoldInParams {
  factors: number;
  regularization?: number;
  alpha?: number;
  /** The model's itemGram; computed from itemFactors (O(items · factors²)) when absent. */
  itemGram?: Float64Array;
}

/** BPR hyper-parameters (Rendle et al. 2009). */
export interface BprParams {
  factors: number;
  /** SGD step; default 0.05. */
  learningRate?: number;
  /** L2 on the touched factors and biases at each update; default 0.01. */
  regularization?: number;
  /** Epochs of nnz sampled triples each; default 20. */
  epochs?: number;
  /** uint32; default 0. Training is single-threaded and bit-reproducible for a seed. */
  seed?: number;
}

export type BprInput = InteractionCsr & BprParams;

/**
 * BPR factors (row-major float32) and item biases: score(u, i) = userFactors[u]·itemFactors[i] + itemBias[i].
 * Per epoch: `loss` is the mean −log σ(x_uij) and `auc` the fraction of the epoch's sampled (u, i, j) triples
 * ranked right (x_uij > 0) just before their update — a running estimate of the training AUC.
 */
export interface BprModel {
  nUsers: number;
  nItems: number;
  factors: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  itemBias: Float32Array;
  loss: Float64Array;
  auc: Float64Array;
}
