import type { Command } from 'commander';
import {
  evaluateRecommender, MODEL_NAMES, prepareSplit, readMovieLens100k, recommendersFor, stratifiedSplitByItem,
  TRAIN_RATIO, tuneOnValidation, tuningCandidates, type EvaluationRow, type Recommender,
} from '../../domain/recommendations/evaluation';
import { createCliContext, type CliContext } from '../cli-context';
import { registerEvalForecasts } from './eval-forecasts.command';

interface EvalRecommendationsFlags {
  movielens: string;
  models: string;
  seed: string;
  tune?: boolean;
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/** One report line: the metric names of API.md, plus timing, users averaged over, seed and hyper-parameters. */
function reportLine(ctx: CliContext, row: EvaluationRow, seed: number, tuned: boolean): void {
  const record = {
    model: row.model,
    map: round(row.map),
    'ndcg@10': round(row.ndcg),
    'precision@10': round(row.precision),
    'recall@10': round(row.recall),
    train_seconds: round(row.trainSeconds, 3),
    recommend_seconds: round(row.recommendSeconds, 3),
    users: row.users,
    seed,
    params: row.params,
    tuned,
  };
  const human =
    `${row.model.padEnd(11)} map ${record.map.toFixed(4)}  ndcg@10 ${record['ndcg@10'].toFixed(4)}  ` +
    `precision@10 ${record['precision@10'].toFixed(4)}  recall@10 ${record['recall@10'].toFixed(4)}  ` +
    `train ${record.train_seconds}s  recommend ${record.recommend_seconds}s  users ${row.users}  ${JSON.stringify(row.params)}`;
  ctx.print(record, human);
}

function parseSeed(text: string): number {
  const seed = Number(text);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`--seed must be an integer in [0, 2^32) (got ${text})`);
  return seed;
}

/**
 * `aisle eval recommendations --movielens <dir>`: the MovieLens 100K protocol (seeded 75/25 split stratified per
 * item, top-10 excluding training items) for each model, one line per model. With --tune, EASE's λ and item-kNN's
 * neighbours/shrink are chosen on a validation split carved from the training part before the test is scored.
 */
async function evalRecommendations(ctx: CliContext, flags: EvalRecommendationsFlags): Promise<void> {
  const seed = parseSeed(flags.seed);
  const names = flags.models.split(',').map((s) => s.trim()).filter(Boolean);
  let recommenders: Recommender[] = recommendersFor(names);
  const table = readMovieLens100k(flags.movielens);
  const rows = stratifiedSplitByItem(table, TRAIN_RATIO, seed);
  if (flags.tune) {
    const { best, trials } = await tuneOnValidation(table, rows, seed, tuningCandidates(names));
    for (const t of trials) ctx.logger.info({ tuning: t }, 'validation trial');
    recommenders = recommenders.map((r) => best.get(r.model) ?? r);
  }
  const split = prepareSplit(table, rows);
  for (const recommender of recommenders) {
    reportLine(ctx, await evaluateRecommender(split, recommender), seed, Boolean(flags.tune));
  }
}

/** `aisle eval …`: offline evaluations on public data sets, read straight from files (no database). */
export function registerEval(program: Command): void {
  const evaluation = program.command('eval').description('offline evaluation on public data sets (no database needed)');
  evaluation
    .command('recommendations')
    .description('MovieLens 100K: map, ndcg@10, precision@10, recall@10 per model (one JSON line each with --json)')
    .requiredOption('--movielens <dir>', 'directory holding u.data (MovieLens 100K)')
    .option('--models <list>', `comma-separated, from ${MODEL_NAMES.join(',')}`, MODEL_NAMES.join(','))
    .option('--seed <n>', 'seed of the stratified split', '42')
    .option('--tune', 'choose hyper-parameters on a validation split of the training part first', false)
    .action(async (flags: EvalRecommendationsFlags, cmd: Command) => {
      const ctx = createCliContext(Boolean(cmd.optsWithGlobals().json));
      await evalRecommendations(ctx, flags);
    });
  registerEvalForecasts(evaluation);
}
