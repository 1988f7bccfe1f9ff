import type { Command } from 'commander';
import {
  evaluateRecommender, MODEL_NAMES, prepareSplit, readMovieLens100k, recommendersFor, stratifiedSplitByItem,
  TRAIN_RATIO, tuneOnValidation, tuningCandidates, type Recommender,
} from '../../domain/recommendations/evaluation';
import { createCliContext, type CliContext } from '../cli-context';
import { evalOnlineRetail } from './eval-online-retail';
import { reportLine } from './eval-report';
import { registerEvalClv } from './eval-clv.command';
import { registerEvalSegments } from './eval-segments.command';
import { registerEvalPricing } from './eval-pricing.command';
import { registerEvalForecasts } from './eval-forecasts.command';

interface EvalRecommendationsFlags {
  movielens?: string;
  onlineRetail?: string;
  models: string;
  seed: string;
  weight: string;
  tune?: boolean;
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
async function evalMovieLens(ctx: CliContext, flags: EvalRecommendationsFlags & { movielens: string }): Promise<void> {
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
    reportLine(ctx, await evaluateRecommender(split, recommender), { seed, tuned: Boolean(flags.tune) });
  }
}

/** Runs the protocol of whichever data set was given: exactly one of --movielens and --online-retail. */
async function evalRecommendations(ctx: CliContext, flags: EvalRecommendationsFlags): Promise<void> {
  const { movielens, onlineRetail } = flags;
  if ((movielens === undefined) === (onlineRetail === undefined)) {
    throw new Error('pass exactly one of --movielens <dir> and --online-retail <file>');
  }
  if (movielens !== undefined) await evalMovieLens(ctx, { ...flags, movielens });
  else await evalOnlineRetail(ctx, { ...flags, onlineRetail: onlineRetail! });
}

/** `aisle eval …`: offline evaluations on public data sets, read straight from files (no database). */
export function registerEval(program: Command): void {
  const evaluation = program.command('eval').description('offline evaluation on public data sets (no database needed)');
  evaluation
    .command('recommendations')
    .description('MovieLens 100K or Online Retail: map, ndcg@10, precision@10, recall@10 per model (one JSON line each with --json)')
    .option('--movielens <dir>', 'directory holding u.data (MovieLens 100K; seeded 75/25 split stratified per item)')
    .option('--online-retail <file>', 'Online Retail CSV, plain or gzip (last 30 days held out, new items as relevance)')
    .option('--models <list>', `comma-separated, from ${MODEL_NAMES.join(',')}`, MODEL_NAMES.join(','))
    .option('--seed <n>', 'seed of the stratified split (MovieLens)', '42')
    .option('--weight <w>', 'Online Retail entry weight: invoices (distinct invoices), quantity or binary', 'invoices')
    .option('--tune', 'choose hyper-parameters on a validation split (or window) of the training part first', false)
    .action(async (flags: EvalRecommendationsFlags, cmd: Command) => {
      const ctx = createCliContext(Boolean(cmd.optsWithGlobals().json));
      await evalRecommendations(ctx, flags);
    });
  registerEvalClv(evaluation);
  registerEvalSegments(evaluation);
  registerEvalPricing(evaluation);
  registerEvalForecasts(evaluation);
}
