/**
 * What an upsert batch did: rows created, rows whose stored values changed, rows that already held exactly
 * these values (left untouched, so a replayed batch reports no updates), and the batch size.
 */
export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
  total: number;
}

/** Counts from `RETURNING (xmax = 0) AS inserted` rows of an upsert whose DO UPDATE skips unchanged rows. */
export function upsertCounts(returned: ReadonlyArray<{ inserted: boolean }>, total: number): UpsertCounts {
  const created = returned.filter((row) => row.inserted).length;
  const updated = returned.length - created;
  return { created, updated, unchanged: total - created - updated, total };
}

/** The result of an empty batch. */
export const NOTHING_UPSERTED: UpsertCounts = Object.freeze({ created: 0, updated: 0, unchanged: 0, total: 0 });
