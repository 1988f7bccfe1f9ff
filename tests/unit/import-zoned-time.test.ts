import {
  createZonedClock,
  isValidLocalDateTime,
  ukLocalToUtc,
  type LocalDateTime,
} from '../../src/data/import/zoned-time';

const local = (text: string): LocalDateTime => {
  const [date, time] = text.split(' ');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute, second] = time.split(':').map(Number);
  return { year, month, day, hour, minute, second: second ?? 0 };
};
const uk = (text: string) => ukLocalToUtc(local(text)).toISOString();

describe('UK local time to UTC', () => {
  it('reads winter dates as GMT (UTC+0)', () => {
    expect(uk('2010-12-01 08:26:00')).toBe('2010-12-01T08:26:00.000Z');
    expect(uk('2011-01-10 10:00:00')).toBe('2011-01-10T10:00:00.000Z');
    expect(uk('2011-12-09 12:50:00')).toBe('2011-12-09T12:50:00.000Z');
  });

  it('reads summer dates as BST (UTC+1)', () => {
    expect(uk('2011-07-04 14:30:00')).toBe('2011-07-04T13:30:00.000Z');
    expect(uk('2011-08-12 00:30:00')).toBe('2011-08-11T23:30:00.000Z');
  });

  it('switches to BST at 01:00 GMT on the last Sunday of March, reading the skipped hour forward', () => {
    expect(uk('2011-03-27 00:59:59')).toBe('2011-03-27T00:59:59.000Z');
    // 01:00..01:59 never shows on a UK clock that day; read with the GMT offset, it lands in BST.
    expect(uk('2011-03-27 01:00:00')).toBe('2011-03-27T01:00:00.000Z');
    expect(uk('2011-03-27 01:30:00')).toBe('2011-03-27T01:30:00.000Z');
    expect(uk('2011-03-27 02:00:00')).toBe('2011-03-27T01:00:00.000Z');
    expect(uk('2011-03-27 12:00:00')).toBe('2011-03-27T11:00:00.000Z');
    expect(uk('2011-03-26 12:00:00')).toBe('2011-03-26T12:00:00.000Z');
  });

  it('switches back at 01:00 GMT on the last Sunday of October, reading the repeated hour as BST', () => {
    expect(uk('2011-10-30 00:59:00')).toBe('2011-10-29T23:59:00.000Z');
    expect(uk('2011-10-30 01:00:00')).toBe('2011-10-30T00:00:00.000Z');
    expect(uk('2011-10-30 01:59:59')).toBe('2011-10-30T00:59:59.000Z');
    expect(uk('2011-10-30 02:00:00')).toBe('2011-10-30T02:00:00.000Z');
    expect(uk('2011-10-31 09:00:00')).toBe('2011-10-31T09:00:00.000Z');
  });

  it('follows the rules of other years too (2010: 28 March and 31 October)', () => {
    expect(uk('2010-03-28 02:30:00')).toBe('2010-03-28T01:30:00.000Z');
    expect(uk('2010-10-31 02:30:00')).toBe('2010-10-31T02:30:00.000Z');
    expect(uk('2010-10-30 23:00:00')).toBe('2010-10-30T22:00:00.000Z');
  });
});

describe('zoned clock', () => {
  it('reports the offset in force at an instant, changing exactly at the transition', () => {
    const london = createZonedClock('Europe/London');
    expect(london.offsetAt(Date.parse('2011-03-27T00:59:59Z'))).toBe(0);
    expect(london.offsetAt(Date.parse('2011-03-27T01:00:00Z'))).toBe(3_600_000);
    expect(london.offsetAt(Date.parse('2011-10-30T00:59:59Z'))).toBe(3_600_000);
    expect(london.offsetAt(Date.parse('2011-10-30T01:00:00Z'))).toBe(0);
  });

  it('works for zones west of Greenwich and with half-hour offsets from UTC', () => {
    const ny = createZonedClock('America/New_York');
    expect(new Date(ny.toUtcMs(local('2011-03-13 02:30:00'))).toISOString()).toBe('2011-03-13T07:30:00.000Z');
    expect(new Date(ny.toUtcMs(local('2011-11-06 01:30:00'))).toISOString()).toBe('2011-11-06T05:30:00.000Z');
    const kolkata = createZonedClock('Asia/Kolkata');
    expect(new Date(kolkata.toUtcMs(local('2011-06-01 12:00:00'))).toISOString()).toBe('2011-06-01T06:30:00.000Z');
  });

  it('rejects zones the runtime does not know', () => {
    expect(() => createZonedClock('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('local date-time validity', () => {
  it('knows month lengths and leap years', () => {
    expect(isValidLocalDateTime(local('2011-02-28 23:59:59'))).toBe(true);
    expect(isValidLocalDateTime(local('2011-02-29 00:00:00'))).toBe(false);
    expect(isValidLocalDateTime(local('2012-02-29 00:00:00'))).toBe(true);
    expect(isValidLocalDateTime(local('2011-04-31 00:00:00'))).toBe(false);
    expect(isValidLocalDateTime(local('2011-13-01 00:00:00'))).toBe(false);
    expect(isValidLocalDateTime(local('2011-12-01 24:00:00'))).toBe(false);
    expect(isValidLocalDateTime(local('2011-12-01 10:60:00'))).toBe(false);
  });
});
