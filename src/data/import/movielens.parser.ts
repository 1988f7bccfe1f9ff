import { isUtf8 } from 'node:buffer';

/**
 * Pure parsers for the MovieLens 100K files (u.genre, u.user, u.item, u.data). They are not CSV: fields are split
 * on a fixed separator with no quoting (titles contain quotes and commas), so no CSV reader is involved.
 * Every function returns what it could read plus the reasons for the lines it could not.
 */

export interface MovieLensUser {
  id: string;
  age: number;
  gender: string;
  occupation: string;
  zip: string;
}

export interface MovieLensItem {
  id: string;
  title: string;
  /** ISO date ("1995-01-01") from "01-Jan-1995"; null when absent or unreadable. */
  releaseDate: string | null;
  imdbUrl: string | null;
  /** Names of the flagged genres, in u.genre order. */
  genres: string[];
}

export interface MovieLensRating {
  user: string;
  item: string;
  rating: number;
  /** Unix seconds. */
  timestamp: number;
}

export type MovieLensSkipReason =
  | 'malformed_line'
  | 'bad_id'
  | 'bad_rating'
  | 'bad_timestamp'
  | 'unknown_user'
  | 'unknown_item'
  | 'duplicate_rating';

/** Lines parsed from one file, and the 1-based line numbers and reasons of those skipped. */
export interface Parsed<T> {
  rows: T[];
  skipped: Array<{ line: number; reason: MovieLensSkipReason }>;
}

/** u.item is latin-1 in the GroupLens distribution; a re-encoded UTF-8 copy is accepted too. */
export function decodeMovieLensText(bytes: Buffer): string {
  return isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
}

/** Non-blank lines with their 1-based numbers; a trailing \r is dropped. */
function* lines(text: string): Generator<[number, string]> {
  const all = text.split('\n');
  for (let i = 0; i < all.length; i++) {
    const line = all[i].endsWith('\r') ? all[i].slice(0, -1) : all[i];
    if (line.trim() !== '') yield [i + 1, line];
  }
}

const ID = /^\d+$/;

/** u.genre: `name|index`; returns names by index (gaps stay undefined and are reported as malformed). */
export function parseGenres(text: string): Parsed<string> & { byIndex: string[] } {
  const byIndex: string[] = [];
  const skipped: Parsed<string>['skipped'] = [];
  for (const [line, content] of lines(text)) {
    const [name, index, ...rest] = content.split('|');
    if (rest.length > 0 || !name || index === undefined || !ID.test(index.trim())) {
      skipped.push({ line, reason: 'malformed_line' });
      continue;
    }
    byIndex[Number(index)] = name.trim();
  }
  return { rows: byIndex.filter((g) => g !== undefined), byIndex, skipped };
}

/** u.user: `id|age|gender|occupation|zip`. */
export function parseUsers(text: string): Parsed<MovieLensUser> {
  const rows: MovieLensUser[] = [];
  const skipped: Parsed<MovieLensUser>['skipped'] = [];
  for (const [line, content] of lines(text)) {
    const f = content.split('|');
    if (f.length !== 5) skipped.push({ line, reason: 'malformed_line' });
    else if (!ID.test(f[0])) skipped.push({ line, reason: 'bad_id' });
    else if (!ID.test(f[1])) skipped.push({ line, reason: 'malformed_line' });
    else rows.push({ id: String(Number(f[0])), age: Number(f[1]), gender: f[2], occupation: f[3], zip: f[4] });
  }
  return { rows, skipped };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "01-Jan-1995" → "1995-01-01"; null for anything else. */
export function parseReleaseDate(text: string): string | null {
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text.trim());
  const month = m ? MONTHS.indexOf(m[2].toLowerCase()) + 1 : 0;
  return m && month > 0 ? `${m[3]}-${String(month).padStart(2, '0')}-${m[1].padStart(2, '0')}` : null;
}

/** u.item: `id|title|release date|video release date|IMDb URL|` then one 0/1 flag per genre of u.genre. */
export function parseItems(text: string, genresByIndex: readonly string[]): Parsed<MovieLensItem> {
  const rows: MovieLensItem[] = [];
  const skipped: Parsed<MovieLensItem>['skipped'] = [];
  const width = 5 + genresByIndex.length;
  for (const [line, content] of lines(text)) {
    const f = content.split('|');
    if (f.length !== width || f.slice(5).some((flag) => flag !== '0' && flag !== '1')) {
      skipped.push({ line, reason: 'malformed_line' });
      continue;
    }
    if (!ID.test(f[0])) {
      skipped.push({ line, reason: 'bad_id' });
      continue;
    }
    const genres = genresByIndex.filter((_name, i) => f[5 + i] === '1');
    rows.push({
      id: String(Number(f[0])),
      title: f[1].trim() || `item ${Number(f[0])}`,
      releaseDate: parseReleaseDate(f[2]),
      imdbUrl: f[4].trim() || null,
      genres,
    });
  }
  return { rows, skipped };
}

/** One u.data line: `user<TAB>item<TAB>rating<TAB>unix seconds`; ratings 0.5..5 (half stars allowed). */
export function parseRatingLine(content: string): MovieLensRating | MovieLensSkipReason {
  const f = content.trim().split(/\s+/);
  if (f.length !== 4) return 'malformed_line';
  if (!ID.test(f[0]) || !ID.test(f[1])) return 'bad_id';
  const rating = Number(f[2]);
  if (!Number.isFinite(rating) || rating < 0.5 || rating > 5 || (rating * 2) % 1 !== 0) return 'bad_rating';
  const timestamp = Number(f[3]);
  if (!/^\d+$/.test(f[3]) || !Number.isSafeInteger(timestamp)) return 'bad_timestamp';
  return { user: String(Number(f[0])), item: String(Number(f[1])), rating, timestamp };
}

/**
 * u.data: ratings whose user and item are known; the first rating of a (user, item) pair wins, later ones are
 * skipped as duplicates (their event id would be the same). `rowsRead` counts non-blank lines.
 */
export function parseRatings(
  text: string,
  users: ReadonlySet<string>,
  items: ReadonlySet<string>,
): Parsed<MovieLensRating> & { rowsRead: number } {
  const rows: MovieLensRating[] = [];
  const skipped: Parsed<MovieLensRating>['skipped'] = [];
  const seen = new Set<string>();
  let rowsRead = 0;
  for (const [line, content] of lines(text)) {
    rowsRead++;
    const parsed = parseRatingLine(content);
    let reason: MovieLensSkipReason | null = null;
    if (typeof parsed === 'string') reason = parsed;
    else if (!users.has(parsed.user)) reason = 'unknown_user';
    else if (!items.has(parsed.item)) reason = 'unknown_item';
    else if (seen.has(`${parsed.user}:${parsed.item}`)) reason = 'duplicate_rating';
    if (reason) skipped.push({ line, reason });
    else {
      const ok = parsed as MovieLensRating;
      seen.add(`${ok.user}:${ok.item}`);
      rows.push(ok);
    }
  }
  return { rows, skipped, rowsRead };
}
