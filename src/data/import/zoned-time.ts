/**
 * Wall-clock time in a named time zone → UTC, with the zone rules Node's ICU already carries (no extra package).
 *
 * Exports read "2011-03-27 01:30:00" meaning whatever the shop's clock showed; turning that into an instant needs
 * the zone's offset at that moment, which changes twice a year. Ambiguous and missing local times are resolved the
 * way Temporal's `disambiguation: 'compatible'` does: a repeated hour (clocks go back) takes the earlier instant,
 * a skipped hour (clocks go forward) is read with the offset in force before the change, which lands after it.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The calendar fields of a local wall-clock time; month is 1-based. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Converts local times of one zone to UTC epoch milliseconds; build one per zone and reuse it (it caches). */
export interface ZonedClock {
  readonly timeZone: string;
  /** The zone's offset from UTC in milliseconds at a UTC instant (positive east of Greenwich). */
  offsetAt(utcMs: number): number;
  /** UTC epoch milliseconds of a local wall-clock time in this zone. */
  toUtcMs(local: LocalDateTime): number;
}

/** Creates the converter for an IANA zone name; throws a RangeError when the runtime does not know the zone. */
export function createZonedClock(timeZone: string): ZonedClock {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const dayStartOffsets = new Map<number, number>();
  const transitions = new Map<number, number>();

  const computeOffset = (utcMs: number): number => {
    const fields: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(utcMs))) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
    return wall - Math.floor(utcMs / 1000) * 1000;
  };

  const dayStartOffset = (day: number): number => {
    let offset = dayStartOffsets.get(day);
    if (offset === undefined) dayStartOffsets.set(day, (offset = computeOffset(day * DAY_MS)));
    return offset;
  };

  /** The first whole minute of a UTC day at which the day-end offset applies (binary search, cached). */
  const transitionIn = (day: number, endOffset: number): number => {
    let at = transitions.get(day);
    if (at === undefined) {
      let lo = 0; // minutes into the day known to have the old offset
      let hi = 1440; // minutes into the day known to have the new one
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (computeOffset(day * DAY_MS + mid * MINUTE_MS) === endOffset) hi = mid;
        else lo = mid;
      }
      transitions.set(day, (at = day * DAY_MS + hi * MINUTE_MS));
    }
    return at;
  };

  // One Intl call per UTC day touched, plus a short search on the (rare) days the offset changes; assumes at
  // most one transition per day, which holds for every zone in the tz database.
  const offsetAt = (utcMs: number): number => {
    const day = Math.floor(utcMs / DAY_MS);
    const start = dayStartOffset(day);
    const end = dayStartOffset(day + 1);
    if (start === end) return start;
    return utcMs >= transitionIn(day, end) ? end : start;
  };

  const toUtcMs = (local: LocalDateTime): number => {
    const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
    // At most one transition lies within a day either side, so the offsets a day before and after are the candidates.
    const before = offsetAt(wall - DAY_MS);
    const after = offsetAt(wall + DAY_MS);
    const validBefore = offsetAt(wall - before) === before;
    const validAfter = offsetAt(wall - after) === after;
    if (validBefore && validAfter) return wall - Math.max(before, after); // repeated hour: the earlier instant
    if (validBefore) return wall - before;
    if (validAfter) return wall - after;
    return wall - before; // skipped hour: read with the offset in force before the change
  };

  return { timeZone, offsetAt, toUtcMs };
}

let london: ZonedClock | undefined;

/** UK local time (Europe/London: GMT in winter, BST = UTC+1 from the last Sunday of March to the last of October). */
export function ukLocalToUtc(local: LocalDateTime): Date {
  london ??= createZonedClock('Europe/London');
  return new Date(london.toUtcMs(local));
}

/** Days in a month of the proleptic Gregorian calendar; month is 1-based. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when the fields name a real calendar date and a time of day (seconds 0..59). */
export function isValidLocalDateTime(t: LocalDateTime): boolean {
  return (
    t.year >= 1 &&
    t.month >= 1 &&
    t.month <= 12 &&
    t.day >= 1 &&
    t.day <= daysInMonth(t.year, t.month) &&
    t.hour >= 0 &&
    t.hour <= 23 &&
    t.minute >= 0 &&
    t.minute <= 59 &&
    t.second >= 0 &&
    t.second <= 59
  );
}
