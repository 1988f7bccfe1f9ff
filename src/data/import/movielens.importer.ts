import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { withBulkLoadWindow } from '../bulk/bulk-load';
import type { CopyValue } from '../bulk/copy';
import { withImportTransaction } from './import-transaction';
import {
  emptyMergeCounts,
  ImportFormatError,
  SkipCounter,
  type ImportOptions,
  type ImportSummary,
} from './import.types';
import {
  decodeMovieLensText,
  parseGenres,
  parseItems,
  parseRatings,
  parseUsers,
  type MovieLensItem,
  type MovieLensRating,
  type MovieLensUser,
  type Parsed,
} from './movielens.parser';
import {
  createMovieLensStages,
  insertMovieLensRatings,
  mergeMovieLensDimensions,
  ML_STAGE,
  ML_STAGE_COLUMNS,
} from './movielens.sql';
import { stageRows } from './staging';

/** Recorded in users' and products' attributes. */
export const MOVIELENS_SOURCE = 'movielens';

/** Category external id of a genre. */
export const genreExternalId = (name: string) => `genre:${name}`;

interface MovieLensData {
  genres: string[];
  users: MovieLensUser[];
  items: MovieLensItem[];
  ratings: MovieLensRating[];
  rowsRead: number;
  skipped: SkipCounter;
}

async function readText(dir: string, name: string): Promise<string> {
  try {
    return decodeMovieLensText(await readFile(path.join(dir, name)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ImportFormatError(`${dir} is not a MovieLens 100K folder: ${name} is missing`);
    }
    throw error;
  }
}

/** Reads and parses the four files; skips in u.genre/u.user/u.item are counted as "<file>:<reason>". */
async function readMovieLens(dir: string, options: ImportOptions): Promise<MovieLensData> {
  const skipped = new SkipCounter();
  const report = (file: string, parsed: Parsed<unknown>, prefix: boolean) => {
    for (const { line, reason } of parsed.skipped) {
      skipped.add(prefix ? `${file}:${reason}` : reason);
      options.onSkip?.(line, reason, path.join(dir, file));
    }
  };
  const [genreText, userText, itemText, dataText] = await Promise.all(
    ['u.genre', 'u.user', 'u.item', 'u.data'].map((name) => readText(dir, name)),
  );
  const genres = parseGenres(genreText);
  report('u.genre', genres, true);
  const users = parseUsers(userText);
  report('u.user', users, true);
  const items = parseItems(itemText, genres.byIndex);
  report('u.item', items, true);
  const ratings = parseRatings(dataText, new Set(users.rows.map((u) => u.id)), new Set(items.rows.map((i) => i.id)));
  report('u.data', ratings, false);
  return {
    genres: genres.rows,
    users: users.rows,
    items: items.rows,
    ratings: ratings.rows,
    rowsRead: ratings.rowsRead,
    skipped,
  };
}

function stagingRows(data: MovieLensData): Record<keyof typeof ML_STAGE, CopyValue[][]> {
  return {
    categories: data.genres.map((name) => [genreExternalId(name), name]),
    users: data.users.map((u) => [
      u.id,
      { source: MOVIELENS_SOURCE, age: u.age, gender: u.gender, occupation: u.occupation, zip: u.zip },
    ]),
    products: data.items.map((item) => [
      item.id,
      item.title,
      item.genres.length > 0 ? genreExternalId(item.genres[0]) : null,
      { source: MOVIELENS_SOURCE, genres: item.genres, releaseDate: item.releaseDate, imdbUrl: item.imdbUrl },
    ]),
    ratings: data.ratings.map((r) => [r.user, r.item, r.rating, new Date(r.timestamp * 1000)]),
  };
}

/**
 * Imports a MovieLens 100K folder (u.genre, u.user, u.item, u.data) in one transaction: genres become categories
 * (`genre:<name>`), users keep age/gender/occupation/zip in attributes, movies become products (price 0, category =
 * first flagged genre, attributes { genres, releaseDate, imdbUrl }), ratings become RATING events with
 * eventId `ml:<user>:<item>`, so a rerun inserts nothing. Ratings naming an unknown user or item are skipped.
 */
export async function importMovieLens(
  dataSource: DataSource,
  dir: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  return loadMovieLens(dataSource, dir, options);
}

/** Reads and checks a MovieLens folder without a database (a dry run). */
export async function scanMovieLens(dir: string, options: ImportOptions = {}): Promise<ImportSummary> {
  return loadMovieLens(null, dir, options);
}

async function loadMovieLens(
  dataSource: DataSource | null,
  dir: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = performance.now();
  const data = await readMovieLens(dir, options);
  const counts = emptyMergeCounts();
  if (dataSource && !options.dryRun) {
    const rows = stagingRows(data);
    await withImportTransaction(dataSource, async (client) => {
      await createMovieLensStages(client);
      for (const key of Object.keys(ML_STAGE) as Array<keyof typeof ML_STAGE>) {
        await stageRows(client, ML_STAGE[key], ML_STAGE_COLUMNS[key], rows[key]);
      }
      await options.hooks?.afterStaging?.(client);
      await mergeMovieLensDimensions(client, counts);
      await withBulkLoadWindow(client, ['events'], () => insertMovieLensRatings(client, counts), {
        mode: options.bulkLoad ?? 'auto',
        incomingRows: data.ratings.length,
      });
      await options.hooks?.beforeCommit?.(client);
    });
  }
  return {
    source: 'movielens',
    input: dir,
    rowsRead: data.rowsRead,
    rowsImported: data.ratings.length,
    skipped: data.skipped.byReason,
    ...counts,
    seconds: Math.round(performance.now() - started) / 1000,
    dryRun: !dataSource || Boolean(options.dryRun),
  };
}
