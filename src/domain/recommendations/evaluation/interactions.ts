import type { InteractionCsr } from '../../../compute';
import type { RatingsTable } from './ratings-table';

/**
 * A user × item matrix built from some rows of a table, every rating a positive of weight 1 (the protocol's
 * implicit feedback), plus each entry's timestamp (for time-decayed popularity). Every user and item of the
 * table has a row/column, present in these rows or not, so models trained on different splits line up.
 */
export interface Interactions {
  matrix: InteractionCsr;
  /** Unix seconds, aligned with matrix.indices. */
  timestamps: Float64Array;
  nUsers: number;
}

/** Builds the CSR (items ascending within a user; a repeated pair counted once, its latest time kept). */
export function buildInteractions(table: RatingsTable, rows: Int32Array): Interactions {
  const order = Array.from(rows).sort((a, b) => table.users[a] - table.users[b] || table.items[a] - table.items[b]);
  const offsets = new Int32Array(table.nUsers + 1);
  const ids: number[] = [];
  const times: number[] = [];
  let previous = -1;
  for (const r of order) {
    const u = table.users[r];
    if (previous >= 0 && table.users[previous] === u && table.items[previous] === table.items[r]) {
      times[times.length - 1] = Math.max(times[times.length - 1], table.timestamps[r]);
      continue;
    }
    ids.push(table.items[r]);
    times.push(table.timestamps[r]);
    offsets[u + 1]++;
    previous = r;
  }
  for (let u = 0; u < table.nUsers; u++) offsets[u + 1] += offsets[u];
  const matrix: InteractionCsr = {
    indptr: offsets, indices: Int32Array.from(ids), values: new Float32Array(ids.length).fill(1), nItems: table.nItems,
  };
  return { matrix, timestamps: Float64Array.from(times), nUsers: table.nUsers };
}

/** User u's items in a matrix. */
export function rowOf(m: InteractionCsr, u: number): Int32Array {
  return m.indices.subarray(m.indptr[u], m.indptr[u + 1]);
}
