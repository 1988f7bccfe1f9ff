import type { InteractionCsr } from '../../../src/compute';
import { seededRandom } from './topk-fixtures';

/** CSR rows from per-user item sets (sorted, as the kernels require) with weights from `weight`. */
export function csrFromRows(rows: number[][], nItems: number, weight: (u: number, i: number) => number): InteractionCsr {
  const indptr = new Int32Array(rows.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  rows.forEach((items, u) => {
    for (const i of [...new Set(items)].sort((a, b) => a - b)) {
      indices.push(i);
      values.push(weight(u, i));
    }
    indptr[u + 1] = indices.length;
  });
  return { indptr, indices: Int32Array.from(indices), values: Float32Array.from(values), nItems };
}

/** Each (u, i) present with probability `density`, weight a small count in [1, 4]. */
export function randomInteractions(nUsers: number, nItems: number, density: number, seed: number): InteractionCsr {
  const next = seededRandom(seed);
  const rows = Array.from({ length: nUsers }, () => {
    const items: number[] = [];
    for (let i = 0; i < nItems; i++) if (next() < density) items.push(i);
    return items;
  });
  return csrFromRows(rows, nItems, () => 1 + Math.floor(next() * 4));
}

/**
 * Two planted tastes: users [0, nUsers/2) interact only with items [0, nItems/2), the rest only with the other
 * half; each user touches a random `perUser` of their half, so each has unseen items of their own group.
 */
export function plantedGroups(nUsers: number, nItems: number, perUser: number, seed: number): InteractionCsr {
  const next = seededRandom(seed);
  const half = nItems / 2;
  const rows = Array.from({ length: nUsers }, (_, u) => {
    const base = u < nUsers / 2 ? 0 : half;
    const items = new Set<number>();
    while (items.size < perUser) items.add(base + Math.floor(next() * half));
    return [...items];
  });
  return csrFromRows(rows, nItems, () => 1);
}

/** Item i belongs to user u's planted group. */
export const sameGroup = (u: number, i: number, nUsers: number, nItems: number): boolean =>
  (u < nUsers / 2) === (i < nItems / 2);

/** Largest |a[k] − b[k]|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]));
  return worst;
}

/** score(u, i) = x_u · y_i (+ bias[i]). */
export function score(x: Float32Array, y: Float32Array, d: number, u: number, i: number, bias?: Float32Array): number {
  let s = bias ? bias[i] : 0;
  for (let f = 0; f < d; f++) s += x[u * d + f] * y[i * d + f];
  return s;
}
