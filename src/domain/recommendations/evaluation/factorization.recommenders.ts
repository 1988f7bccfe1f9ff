import { trainAls, trainBpr, type InteractionCsr } from '../../../compute';
import type { Interactions } from './interactions';
import { rankByFactors, type Recommender } from './recommenders';

/** The training matrix in the factorisation kernels' CSR naming. */
function csrOf(data: Interactions): InteractionCsr {
  const { offsets, ids, values, items } = data.matrix;
  return { indptr: offsets, indices: ids, values, nItems: items };
}

/** iALS (Hu, Koren & Volinsky 2008): confidence 1 + alpha per positive, ranked by user·item factor dot products. */
export function alsRecommender(params: { factors: number; regularization: number; alpha: number; iterations: number }): Recommender {
  return {
    model: 'als',
    params,
    async train(data) {
      const m = await trainAls({ ...csrOf(data), ...params, seed: 42, computeLoss: false });
      return (k) => rankByFactors(data, m.userFactors, m.itemFactors, m.factors, k);
    },
  };
}

/** BPR (Rendle et al. 2009): pairwise SGD; ranked by user·item factor dot products plus the item bias. */
export function bprRecommender(params: { factors: number; learningRate: number; regularization: number; epochs: number }): Recommender {
  return {
    model: 'bpr',
    params,
    async train(data) {
      const m = await trainBpr({ ...csrOf(data), ...params, seed: 42 });
      return (k) => rankByFactors(data, m.userFactors, m.itemFactors, m.factors, k, m.itemBias);
    },
  };
}
