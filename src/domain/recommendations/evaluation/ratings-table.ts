import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseRatingLine } from '../../../data/import/movielens.parser';

/**
 * Ratings as parallel columns with dense 0-based ids (users and items numbered in ascending order of their
 * original ids), so splits and matrices index arrays instead of hashing strings.
 */
export interface RatingsTable {
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  /** Unix seconds. */
  timestamps: Float64Array;
  nUsers: number;
  nItems: number;
  /** Original ids by dense id, for reports. */
  userIds: string[];
  itemIds: string[];
}

/**
 * Reads `<dir>/u.data` (MovieLens 100K: `user<TAB>item<TAB>rating<TAB>unix seconds`). Throws an Error naming the
 * directory when it or u.data is missing, and naming the line when one is malformed: an evaluation must not
 * silently run on part of its data. A repeated (user, item) pair keeps its first rating.
 */
export function readMovieLens100k(dir: string): RatingsTable {
  const file = path.join(dir, 'u.data');
  if (!existsSync(dir)) throw new Error(`MovieLens directory not found: ${path.resolve(dir)}`);
  if (!existsSync(file)) throw new Error(`MovieLens directory ${path.resolve(dir)} has no u.data`);
  const rows: Array<{ user: string; item: string; rating: number; timestamp: number }> = [];
  const seen = new Set<string>();
  readFileSync(file, 'latin1').split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const parsed = parseRatingLine(line);
    if (typeof parsed === 'string') throw new Error(`${file}:${index + 1}: ${parsed.replace(/_/g, ' ')}`);
    const key = `${parsed.user}:${parsed.item}`;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push(parsed);
  });
  return toTable(rows);
}

/** Numbers users and items densely and lays the rows out as columns (row order kept). */
export function toTable(rows: ReadonlyArray<{ user: string; item: string; rating: number; timestamp: number }>): RatingsTable {
  const byNumber = (a: string, b: string) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
  const userIds = [...new Set(rows.map((r) => r.user))].sort(byNumber);
  const itemIds = [...new Set(rows.map((r) => r.item))].sort(byNumber);
  const userIndex = new Map(userIds.map((id, i) => [id, i]));
  const itemIndex = new Map(itemIds.map((id, i) => [id, i]));
  const t: RatingsTable = {
    users: new Int32Array(rows.length),
    items: new Int32Array(rows.length),
    ratings: new Float32Array(rows.length),
    timestamps: new Float64Array(rows.length),
    nUsers: userIds.length,
    nItems: itemIds.length,
    userIds,
    itemIds,
  };
  rows.forEach((r, i) => {
    t.users[i] = userIndex.get(r.user)!;
    t.items[i] = itemIndex.get(r.item)!;
    t.ratings[i] = r.rating;
    t.timestamps[i] = r.timestamp;
  });
  return t;
}
