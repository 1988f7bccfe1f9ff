import { seededRandom } from '../../../compute';

export { seededRandom };
import type { RatingsTable } from './ratings-table';

/** Row numbers of a table on each side of a split. */
export interface RowSplit {
  train: Int32Array;
  test: Int32Array;
}

/**
 * The MovieLens protocol's split (Microsoft Recommenders' python_stratified_split(filter_by="item")): each item's
 * rows (in table order) are shuffled with a seeded Fisher-Yates and the first round(ratio·n) go to training, the
 * rest to test. `rows` restricts the split to a subset (a validation split carved from a training part).
 */
export function stratifiedSplitByItem(table: RatingsTable, ratio: number, seed: number, rows?: Int32Array): RowSplit {
  const random = seededRandom(seed);
  const source = rows ?? Int32Array.from({ length: table.items.length }, (_, i) => i);
  const byItem: number[][] = Array.from({ length: table.nItems }, () => []);
  for (const r of source) byItem[table.items[r]].push(r);
  const train: number[] = [];
  const test: number[] = [];
  for (const group of byItem) {
    for (let i = group.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [group[i], group[j]] = [group[j], group[i]];
    }
    const cut = Math.round(ratio * group.length);
    for (let i = 0; i < group.length; i++) (i < cut ? train : test).push(group[i]);
  }
  const ascending = (a: Int32Array) => a.sort();
  return { train: ascending(Int32Array.from(train)), test: ascending(Int32Array.from(test)) };
}
