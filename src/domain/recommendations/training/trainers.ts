import { scoreTopK, topK, trainAls, trainBpr, trainEase, trainItemKnn } from '../../../compute';
import { ModelNotReadyError } from '../../common/errors';
import { typedArraysOf, type ArtifactArray } from '../../models/artifact';
import type { Csr } from './interactions';
import type { TrainableKind } from './training-params';

/** Top-k lists per user row: row u's items are ids[u*k .. u*k + counts[u]), best first, own items excluded. */
export interface Ranked {
  k: number;
  ids: Int32Array;
  counts: Int32Array;
}

/** A trained model: the arrays its artifact stores, a ranking step for evaluation, and a few figures to report. */
export interface TrainedModel {
  arrays: Record<string, ArtifactArray>;
  rank(users: Csr, k: number): Promise<Ranked>;
  summary: Record<string, number>;
}

/** What a trainer gets: the matrix, its entries' latest event times (unix s), and the validated hyper-parameters. */
export interface TrainerInput {
  csr: Csr;
  times: Float64Array;
  hyper: Record<string, number>;
  easeMaxItems: number;
}

async function rankByVectors(users: Csr, u: Float32Array, v: Float32Array, d: number, k: number, bias?: Float32Array): Promise<Ranked> {
  const out = await topK({ queries: u, items: v, d, k, excludeOffsets: users.indptr, excludeIds: users.indices, bias });
  return { k, ids: out.ids, counts: out.counts };
}

async function als({ csr, hyper }: TrainerInput): Promise<TrainedModel> {
  const m = await trainAls({
    ...csr,
    factors: hyper.factors,
    regularization: hyper.regularization,
    alpha: hyper.alpha,
    iterations: hyper.iterations,
    seed: hyper.seed,
    computeLoss: false,
  });
  return {
    arrays: { userFactors: m.userFactors, itemFactors: m.itemFactors },
    rank: (users, k) => rankByVectors(users, m.userFactors, m.itemFactors, m.factors, k),
    summary: { factors: m.factors },
  };
}

async function bpr({ csr, hyper }: TrainerInput): Promise<TrainedModel> {
  const m = await trainBpr({
    ...csr,
    factors: hyper.factors,
    learningRate: hyper.learningRate,
    regularization: hyper.regularization,
    epochs: hyper.epochs,
    seed: hyper.seed,
  });
  return {
    arrays: { userFactors: m.userFactors, itemFactors: m.itemFactors, itemBias: m.itemBias },
    rank: (users, k) => rankByVectors(users, m.userFactors, m.itemFactors, m.factors, k, m.itemBias),
    summary: { finalAuc: m.auc[m.auc.length - 1] ?? 0 },
  };
}

async function ease({ csr, hyper, easeMaxItems }: TrainerInput): Promise<TrainedModel> {
  if (csr.nItems > easeMaxItems) {
    throw new ModelNotReadyError(
      `EASE is limited to ${easeMaxItems} items (the data has ${csr.nItems}): its weights are items² floats; ` +
        'train ALS or ITEM_KNN, or raise AISLE_EASE_MAX_ITEMS',
    );
  }
  const model = await trainEase(csr, { lambda: hyper.lambda, maxItems: easeMaxItems });
  return {
    arrays: typedArraysOf(model),
    rank: async (users, k) => scoreTopK({ users, model, k, excludeOwn: true }),
    summary: {},
  };
}

async function itemKnn({ csr, hyper }: TrainerInput): Promise<TrainedModel> {
  const model = await trainItemKnn(csr, { neighbors: hyper.neighbors, shrink: hyper.shrink });
  return {
    arrays: typedArraysOf(model),
    rank: async (users, k) => scoreTopK({ users, model, k, excludeOwn: true }),
    summary: {},
  };
}

/** Σ over an item's (user, item) entries of exp(−ln2·(newest − t)/halfLife): time-decayed interaction counts. */
export function decayedCounts(csr: Csr, times: Float64Array, halfLifeDays: number): Float32Array {
  let newest = -Infinity;
  for (const t of times) newest = Math.max(newest, t);
  const rate = Math.LN2 / (halfLifeDays * 86_400);
  const scores = new Float64Array(csr.nItems);
  for (let p = 0; p < csr.indices.length; p++) scores[csr.indices[p]] += Math.exp(-rate * (newest - times[p]));
  return Float32Array.from(scores);
}

async function popularity({ csr, times, hyper }: TrainerInput): Promise<TrainedModel> {
  const scores = decayedCounts(csr, times, hyper.halfLifeDays);
  return {
    arrays: { scores },
    rank: (users, k) => rankByVectors(users, new Float32Array(users.indptr.length - 1).fill(1), scores, 1, k),
    summary: {},
  };
}

/** The trainer of each trainable kind; all heavy work runs in the addon's async kernels, off the event loop. */
export const TRAINERS: Record<TrainableKind, (input: TrainerInput) => Promise<TrainedModel>> = {
  ALS: als,
  BPR: bpr,
  EASE: ease,
  ITEM_KNN: itemKnn,
  POPULARITY: popularity,
};
