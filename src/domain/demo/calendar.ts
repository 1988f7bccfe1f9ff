/**
 * Days of the demo history and the seasonality planted on them. Day t (0-based) is the UTC day starting at
 * startMs + t days; the history ends at endMs (exclusive, a UTC midnight), so the last day is complete.
 */

export const DAY_MS = 86_400_000;

/** The planted seasonality; the truth document records exactly these numbers. */
export const SEASONALITY = {
  /** Multipliers of order and browse intensity by UTC day of week, Sunday first; mean 1, weekend uplift. */
  weekly: [1.2, 0.85, 0.85, 0.9, 0.95, 1.0, 1.25] as const,
  /** Yearly: 1 + amplitude × cos(2π (dayOfYear − peakDayOfYear) / 365.25); peak mid-December. */
  yearlyAmplitude: 0.3,
  yearlyPeakDayOfYear: 345,
  /** The gifters' extra multiplier (1 + boost) from December 1 to December 24. */
  giftSeasonBoost: 3,
} as const;

/** Per-day factors every generator reads. */
export interface DemoCalendar {
  days: number;
  startMs: number;
  endMs: number;
  /** weekly × yearly multiplier of day t. */
  dayFactor: Float64Array;
  /** 1 on the gift-season days (December 1–24), else 0. */
  giftSeason: Uint8Array;
}

/** YYYY-MM-DD of a UTC instant. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Midnight UTC of a YYYY-MM-DD string or of a Date's UTC day; throws on anything else. */
export function utcMidnight(value: string | Date): number {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error('endDate is not a valid date');
    return Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate());
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(ms) || isoDate(ms) !== value) {
    throw new Error(`endDate must be a date written YYYY-MM-DD (got "${value}")`);
  }
  return ms;
}

/** The yearly seasonal multiplier of a UTC instant. */
export function yearlyFactor(ms: number): number {
  const date = new Date(ms);
  const dayOfYear = Math.floor((ms - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS);
  const phase = (2 * Math.PI * (dayOfYear - SEASONALITY.yearlyPeakDayOfYear)) / 365.25;
  return 1 + SEASONALITY.yearlyAmplitude * Math.cos(phase);
}

/** Builds the calendar of `days` days ending (exclusively) at the UTC midnight endMs. */
export function buildCalendar(endMs: number, days: number): DemoCalendar {
  const startMs = endMs - days * DAY_MS;
  const dayFactor = new Float64Array(days);
  const giftSeason = new Uint8Array(days);
  for (let t = 0; t < days; t++) {
    const ms = startMs + t * DAY_MS;
    const date = new Date(ms);
    dayFactor[t] = SEASONALITY.weekly[date.getUTCDay()] * yearlyFactor(ms);
    giftSeason[t] = date.getUTCMonth() === 11 && date.getUTCDate() <= 24 ? 1 : 0;
  }
  return { days, startMs, endMs, dayFactor, giftSeason };
}

/**
 * Hour-of-day weights (UTC) of shopping activity: quiet nights, a lunch bump, an evening peak. Nothing starts in
 * the first or last hour, so a session's events (minutes around its start) stay inside the day and the history.
 */
const HOUR_WEIGHTS = [0, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1.2, 2, 2.6, 3, 3.2, 3.6, 3.4, 3, 3, 3.2, 3.6, 4.4, 5.2, 5.6, 5, 3.6, 0];
const HOUR_CUMULATIVE = (() => {
  const total = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
  let sum = 0;
  return HOUR_WEIGHTS.map((w) => (sum += w / total));
})();

/** Milliseconds after midnight for a uniform draw u: the hour by HOUR_WEIGHTS, then a uniform second in it. */
export function timeOfDay(u: number, v: number): number {
  let hour = 1;
  while (hour < 22 && HOUR_CUMULATIVE[hour] <= u) hour++;
  return hour * 3_600_000 + Math.floor(v * 3600) * 1000;
}
