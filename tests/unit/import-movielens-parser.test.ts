import {
  decodeMovieLensText,
  parseGenres,
  parseItems,
  parseRatingLine,
  parseRatings,
  parseReleaseDate,
  parseUsers,
} from '../../src/data/import/movielens.parser';

describe('MovieLens parsers', () => {
  it('decodes latin-1 u.item and accepts a UTF-8 copy', () => {
    expect(decodeMovieLensText(Buffer.from([0x43, 0x61, 0x66, 0xe9]))).toBe('Café');
    expect(decodeMovieLensText(Buffer.from('Café', 'utf8'))).toBe('Café');
  });

  it('reads genres by index and reports malformed lines', () => {
    const parsed = parseGenres('unknown|0\nAction|1\n\nbroken\nComedy|2\n');
    expect(parsed.byIndex).toEqual(['unknown', 'Action', 'Comedy']);
    expect(parsed.skipped).toEqual([{ line: 4, reason: 'malformed_line' }]);
  });

  it('reads users and refuses bad ids or ages', () => {
    const parsed = parseUsers('1|31|F|librarian|10001\nx|3|F|a|b\n2|old|F|a|b\n3|1|M\n');
    expect(parsed.rows).toEqual([{ id: '1', age: 31, gender: 'F', occupation: 'librarian', zip: '10001' }]);
    expect(parsed.skipped.map((s) => s.reason)).toEqual(['bad_id', 'malformed_line', 'malformed_line']);
  });

  it('reads items with genres in u.genre order, ISO release dates and null for empty fields', () => {
    const genres = ['unknown', 'Action', 'Comedy'];
    const parsed = parseItems(
      [
        '1|Paper Boats (1995)|01-Jan-1995||http://imdb/1|0|0|1',
        '300|unknown||||1|0|0',
        '3|Bad|x',
        '4|Flags|01-Jan-1995|||0|2|0',
      ].join('\n'),
      genres,
    );
    expect(parsed.rows).toEqual([
      {
        id: '1',
        title: 'Paper Boats (1995)',
        releaseDate: '1995-01-01',
        imdbUrl: 'http://imdb/1',
        genres: ['Comedy'],
      },
      { id: '300', title: 'unknown', releaseDate: null, imdbUrl: null, genres: ['unknown'] },
    ]);
    expect(parsed.skipped).toEqual([
      { line: 3, reason: 'malformed_line' },
      { line: 4, reason: 'malformed_line' },
    ]);
    expect(parseReleaseDate('5-Sep-1997')).toBe('1997-09-05');
    expect(parseReleaseDate('1997')).toBeNull();
  });

  it('reads rating lines and says why a line is refused', () => {
    expect(parseRatingLine('501\t77\t3\t880000000')).toEqual({
      user: '501',
      item: '77',
      rating: 3,
      timestamp: 880000000,
    });
    expect(parseRatingLine('1\t2\t4.5\t880000000')).toMatchObject({ rating: 4.5 });
    expect(parseRatingLine('1\t2\t3')).toBe('malformed_line');
    expect(parseRatingLine('a\t2\t3\t1')).toBe('bad_id');
    expect(parseRatingLine('1\t2\t6\t1')).toBe('bad_rating');
    expect(parseRatingLine('1\t2\t0\t1')).toBe('bad_rating');
    expect(parseRatingLine('1\t2\t3.3\t1')).toBe('bad_rating');
    expect(parseRatingLine('1\t2\t3\t-5')).toBe('bad_timestamp');
  });

  it('keeps ratings of known users and items once per pair', () => {
    const text = '1\t1\t5\t10\n1\t1\t4\t11\n2\t1\t3\t12\n1\t9\t3\t13\n\n1\t2\t2\t14\n';
    const parsed = parseRatings(text, new Set(['1']), new Set(['1', '2']));
    expect(parsed.rowsRead).toBe(5);
    expect(parsed.rows.map((r) => `${r.user}:${r.item}:${r.rating}`)).toEqual(['1:1:5', '1:2:2']);
    expect(parsed.skipped).toEqual([
      { line: 2, reason: 'duplicate_rating' },
      { line: 3, reason: 'unknown_user' },
      { line: 4, reason: 'unknown_item' },
    ]);
  });
});
