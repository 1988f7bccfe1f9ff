import { chronologicalSplit, HOLDOUT_DAYS, type ChronologicalSplit, type InteractionWeight } from './chronological-split';
import { evaluateRecommender, type EvaluationRow } from './evaluation';
import { recommendersFor } from './models';
import type { PurchaseLog } from './purchase-log';
import { tuneOnSplit, tuningCandidates, type TuningTrial } from './tuning';

/** The name report lines carry for this protocol. */
export const CHRONOLOGICAL_PROTOCOL = `chronological-${HOLDOUT_DAYS}d`;

/** Options of a chronological evaluation. */
export interface ChronologicalOptions {
  /** Choose hyper-parameters on a validation window carved from the training window first. */
  tune?: boolean;
  weight?: InteractionWeight;
  /** Called with each model's row as soon as it is scored (the CLI prints as it goes). */
  onRow?: (row: EvaluationRow) => void;
  /** Called with the test split before any model trains. */
  onSplit?: (split: ChronologicalSplit) => void;
  /** Called with the validation split and every trial when tuning. */
  onTuning?: (validation: ChronologicalSplit, trials: TuningTrial[]) => void;
}

/**
 * The Online Retail protocol: the last 30 days before the last purchase are held out (chronologicalSplit), each
 * model is trained on the earlier purchases and ranks top-10 new items per customer. With `tune`, the training
 * window is split the same way again (its own last 30 days become the validation window) and each model's grid
 * of tuning.ts is searched there; the test window is never consulted.
 */
export async function evaluateChronological(
  log: PurchaseLog,
  models: readonly string[],
  options: ChronologicalOptions = {},
): Promise<{ split: ChronologicalSplit; rows: EvaluationRow[] }> {
  const weight = options.weight ?? 'invoices';
  let recommenders = recommendersFor(models);
  const split = chronologicalSplit(log, { weight });
  if (split.trainRows.length === 0) {
    throw new Error(`chronological evaluation: no purchases before the ${HOLDOUT_DAYS}-day test window`);
  }
  options.onSplit?.(split);
  if (options.tune) {
    const validation = chronologicalSplit(log, { weight, rows: split.trainRows });
    const { best, trials } = await tuneOnSplit(validation, tuningCandidates(models));
    options.onTuning?.(validation, trials);
    recommenders = recommenders.map((r) => best.get(r.model) ?? r);
  }
  const rows: EvaluationRow[] = [];
  for (const recommender of recommenders) {
    const row = await evaluateRecommender(split, recommender);
    options.onRow?.(row);
    rows.push(row);
  }
  return { split, rows };
}
