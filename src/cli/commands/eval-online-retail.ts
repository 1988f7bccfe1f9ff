import {
  CHRONOLOGICAL_PROTOCOL, evaluateChronological, INTERACTION_WEIGHTS, readOnlineRetailPurchases, type InteractionWeight,
} from '../../domain/recommendations/evaluation';
import type { CliContext } from '../cli-context';
import { reportLine } from './eval-report';

/** The flags `aisle eval recommendations --online-retail <file>` reads. */
export interface OnlineRetailEvalFlags {
  onlineRetail: string;
  models: string;
  weight: string;
  tune?: boolean;
}

function parseWeight(text: string): InteractionWeight {
  if (!(INTERACTION_WEIGHTS as readonly string[]).includes(text)) {
    throw new Error(`--weight must be one of ${INTERACTION_WEIGHTS.join(', ')} (got ${text})`);
  }
  return text as InteractionWeight;
}

/**
 * Online Retail, chronologically: customer purchases before the last 30 days train, new items bought in the last
 * 30 days are the test; one line per model with protocol "chronological-30d" and the split's dates.
 */
export async function evalOnlineRetail(ctx: CliContext, flags: OnlineRetailEvalFlags): Promise<void> {
  const weight = parseWeight(flags.weight);
  const names = flags.models.split(',').map((s) => s.trim()).filter(Boolean);
  const read = await readOnlineRetailPurchases(flags.onlineRetail);
  ctx.logger.info({ rowsRead: read.rowsRead, unreadable: read.rowsUnreadable, notPurchases: read.rowsNotPurchases }, 'read');
  const extra: Record<string, unknown> = { protocol: CHRONOLOGICAL_PROTOCOL, weight, tuned: Boolean(flags.tune) };
  await evaluateChronological(read.log, names, {
    tune: flags.tune,
    weight,
    onSplit: (split) => {
      extra.test_from = new Date(split.cutoffMs).toISOString();
      extra.test_to = new Date(split.endMs).toISOString();
      ctx.logger.info({
        trainUsers: split.userIds.length, trainItems: split.itemIds.length, droppedUnseenItems: split.droppedUnseenItems,
      }, 'chronological split');
    },
    onTuning: (validation, trials) => {
      ctx.logger.info({ validationFrom: new Date(validation.cutoffMs).toISOString() }, 'validation window');
      for (const t of trials) ctx.logger.info({ tuning: t }, 'validation trial');
    },
    onRow: (row) => reportLine(ctx, row, extra),
  });
}
