import { trainAls, trainBpr } from '../../../compute';
import { rankByFactors, type Recommender } from './recommenders';

/** iALS (Hu, Koren & Volinsky 2008): confidence 1 + alpha per positive, ranked by user·item factor dot products. */
export function alsRecommender(params: { factors: number; regularization: number; alpha: number; iterations: number }): Recommender {
  return {
    model: 'als',
    params,
    async train(data) {
      const m = await trainAls({ ...data.matrix, ...params, seed: 42, computeLoss: false });
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
      const m = await trainBpr({ ...data.matrix, ...params, seed: 42 });
      return (k) => rankByFactors(data, m.userFactors, m.itemFactors, m.factors, k, m.itemBias);
    },
  };
}
