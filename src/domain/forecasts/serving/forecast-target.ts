import { BadUserInputError, NotFoundError } from '../../common/errors';
import { parseOptionalId } from '../../common/ids';
import type { RequestContext } from '../../common/request-context';
import { query } from '../../common/sql';
import { SalesSeriesService, type SalesSeries, type SeriesInterval } from '../series';

const DAY_MS = 86_400_000;

/** How far ahead a forecast may look, per interval (documented limits; BAD_USER_INPUT beyond). */
export const MAX_HORIZON: Record<SeriesInterval, number> = { DAY: 365, WEEK: 104 };
/** History read per forecast: two years. */
export const HISTORY_PERIODS: Record<SeriesInterval, number> = { DAY: 730, WEEK: 104 };

/** What is forecast: one product, one category subtree, or the whole shop. */
export type ForecastTarget = { kind: 'product'; id: string } | { kind: 'category'; id: string } | { kind: 'total' };

export interface ForecastArgs {
  productId?: string | null;
  categoryId?: string | null;
  horizon: number;
  interval?: SeriesInterval | null;
  levels?: number[] | null;
}

export interface ValidatedArgs {
  target: ForecastTarget;
  horizon: number;
  interval: SeriesInterval;
  levels: number[];
}

/** Checks horizon (1..MAX_HORIZON), levels (1..99, at most 5, distinct) and the target; BAD_USER_INPUT naming the field. */
export function validateForecastArgs(args: ForecastArgs): ValidatedArgs {
  const interval = args.interval ?? 'DAY';
  if (interval !== 'DAY' && interval !== 'WEEK') throw new BadUserInputError('interval', 'must be DAY or WEEK');
  const max = MAX_HORIZON[interval];
  if (!Number.isInteger(args.horizon) || args.horizon < 1 || args.horizon > max) {
    throw new BadUserInputError('horizon', `must be a whole number of ${interval === 'DAY' ? 'days' : 'weeks'} between 1 and ${max} (got ${args.horizon})`);
  }
  const levels = [...new Set(args.levels ?? [80, 95])].sort((a, b) => a - b);
  if (levels.length === 0 || levels.length > 5 || levels.some((l) => !Number.isInteger(l) || l < 1 || l > 99)) {
    throw new BadUserInputError('levels', 'must be 1 to 5 whole percentages between 1 and 99');
  }
  const productId = parseOptionalId(args.productId, 'productId');
  const categoryId = parseOptionalId(args.categoryId, 'categoryId');
  if (productId && categoryId) throw new BadUserInputError('categoryId', 'give productId or categoryId, not both');
  const target: ForecastTarget = productId ? { kind: 'product', id: productId } : categoryId ? { kind: 'category', id: categoryId } : { kind: 'total' };
  return { target, horizon: args.horizon, interval, levels };
}

/**
 * The day forecasts start: today (UTC), or the day after the newest order when the history ends earlier (an
 * imported data set), so a forecast always continues the data rather than a gap.
 */
export async function forecastOrigin(ctx: RequestContext): Promise<number> {
  const [row] = await query<{ last: Date | null }>(ctx, `SELECT max(placed_at) AS last FROM orders`);
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  if (!row.last) return today;
  return Math.min(today, Math.floor(row.last.getTime() / DAY_MS) * DAY_MS + DAY_MS);
}

export async function ensureTargetExists(ctx: RequestContext, target: ForecastTarget): Promise<void> {
  if (target.kind === 'total') return;
  const table = target.kind === 'product' ? 'products' : 'categories';
  const [row] = await query(ctx, `SELECT 1 FROM ${table} WHERE id = $1::bigint`, [target.id]);
  if (!row) throw new NotFoundError(`${target.kind} ${target.id} does not exist`);
}

/** The target's history: HISTORY_PERIODS whole periods ending just before `originMs`. */
export async function targetHistory(ctx: RequestContext, series: SalesSeriesService, target: ForecastTarget,
  interval: SeriesInterval, originMs: number): Promise<SalesSeries> {
  const step = interval === 'DAY' ? DAY_MS : 7 * DAY_MS;
  const range = { from: new Date(originMs - HISTORY_PERIODS[interval] * step).toISOString().slice(0, 10), to: new Date(originMs).toISOString().slice(0, 10) };
  if (target.kind === 'product') return (await series.products(ctx, [target.id], range, interval)).get(target.id)!;
  if (target.kind === 'category') return (await series.categories(ctx, [target.id], range, interval)).get(target.id)!;
  return series.total(ctx, range, interval);
}

/** The dates of the `horizon` periods after a series' frame. */
export function futureDates(s: SalesSeries, horizon: number): string[] {
  const { startMs, stepMs, periods } = s.frame;
  return Array.from({ length: horizon }, (_, j) => new Date(startMs + (periods + j) * stepMs).toISOString().slice(0, 10));
}

