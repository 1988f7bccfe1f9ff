import { encodeCopyValue } from '../../src/data/bulk/copy';

describe('COPY text encoding', () => {
  it('escapes the characters COPY treats specially and writes NULL as \\N', () => {
    expect(encodeCopyValue('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(encodeCopyValue(null)).toBe('\\N');
    expect(encodeCopyValue(undefined)).toBe('\\N');
    expect(encodeCopyValue(new Date('2011-12-09T12:50:00Z'))).toBe('2011-12-09T12:50:00.000Z');
    expect(encodeCopyValue({ a: 'x\ty' })).toBe('{"a":"x\\\\ty"}');
  });

  it('refuses numbers PostgreSQL would not read back', () => {
    expect(() => encodeCopyValue(Number.NaN)).toThrow(/NaN/);
  });
});
