import { alsRecommender, bprRecommender } from './factorization.recommenders';
import { easeRecommender, itemKnnRecommender, popularityRecommender, type Recommender } from './recommenders';

/**
 * Default hyper-parameters, chosen with `aisle eval recommendations --movielens <dir> --tune` (validation split
 * carved from the training part with seed 43; the test part never consulted), see tuning.ts.
 */
export const DEFAULT_PARAMS = {
  ease: { lambda: 400 }, // validation nDCG@10 0.2634 (λ 300: 0.2618, 500: 0.2629, 1000: 0.2626)
  itemknn: { neighbors: 200, shrink: 0 }, // validation nDCG@10 0.2361 (best of the 16-point grid)
  popularity: { halfLifeDays: 3650 }, // validation nDCG@10 0.1607 (365: 0.1594, 30: 0.1385): decay does not help here
  als: { factors: 128, regularization: 100, alpha: 20, iterations: 15 }, // validation nDCG@10 0.2683 (64 factors: 0.2683)
  bpr: { factors: 64, learningRate: 0.05, regularization: 0.01, epochs: 100 }, // validation nDCG@10 0.2417
} as const;

/** Models the evaluation can run, by the name used on the command line. */
const FACTORIES: Record<string, () => Recommender> = {
  ease: () => easeRecommender(DEFAULT_PARAMS.ease),
  itemknn: () => itemKnnRecommender(DEFAULT_PARAMS.itemknn),
  popularity: () => popularityRecommender(DEFAULT_PARAMS.popularity),
  als: () => alsRecommender(DEFAULT_PARAMS.als),
  bpr: () => bprRecommender(DEFAULT_PARAMS.bpr),
};

/** The names accepted by --models, in report order. */
export const MODEL_NAMES = Object.keys(FACTORIES);

/** Recommenders for the given names with default hyper-parameters; throws naming an unknown one. */
export function recommendersFor(names: readonly string[]): Recommender[] {
  return names.map((name) => {
    const make = FACTORIES[name];
    if (!make) throw new Error(`unknown model "${name}"; available: ${MODEL_NAMES.join(', ')}`);
    return make();
  });
}
