import { BadUserInputError } from '../../common/errors';
import type { DateRange, SeriesFrame, SeriesInterval } from './series.types';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Longest range a series may span (ten years of days): bounds memory and query time. */
export const MAX_SERIES_DAYS = 3660;

export const STEP_MS: Record<SeriesInterval, number> = { DAY: DAY_MS, WEEK: 7 * DAY_MS };

function parseDay(value: string, field: string): number {
  const ms = DATE.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new BadUserInputError(field, 'must be a date written YYYY-MM-DD');
  }
  return ms;
}

/** YYYY-MM-DD of a UTC instant. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Monday on or before a UTC midnight (1970-01-01 was a Thursday). */
function mondayOnOrBefore(ms: number): number {
  const weekday = (Math.floor(ms / DAY_MS) + 3) % 7; // 0 = Monday
  return ms - weekday * DAY_MS;
}

/**
 * Aligns a date range to whole periods: days as given; weeks from the Monday on or before `from` to the Monday
 * on or after `to`, so every week is complete. Bad or inverted ranges are BAD_USER_INPUT.
 */
export function seriesFrame(range: DateRange, interval: SeriesInterval): SeriesFrame {
  let startMs = parseDay(range.from, 'range.from');
  let endMs = parseDay(range.to, 'range.to');
  if (endMs <= startMs) throw new BadUserInputError('range.to', 'must be after range.from');
  if ((endMs - startMs) / DAY_MS > MAX_SERIES_DAYS) {
    throw new BadUserInputError('range', `must span at most ${MAX_SERIES_DAYS} days`);
  }
  const stepMs = STEP_MS[interval];
  if (interval === 'WEEK') {
    startMs = mondayOnOrBefore(startMs);
    endMs = mondayOnOrBefore(endMs + 6 * DAY_MS);
  }
  const periods = Math.round((endMs - startMs) / stepMs);
  const dates = Array.from({ length: periods }, (_, i) => isoDay(startMs + i * stepMs));
  return { interval, startMs, stepMs, periods, dates };
}

/** The range of whole UTC days from the day of `firstMs` to the day after `lastMs`. */
export function rangeCovering(firstMs: number, lastMs: number): DateRange {
  const from = Math.floor(firstMs / DAY_MS) * DAY_MS;
  const to = Math.floor(lastMs / DAY_MS) * DAY_MS + DAY_MS;
  return { from: isoDay(from), to: isoDay(to) };
}
