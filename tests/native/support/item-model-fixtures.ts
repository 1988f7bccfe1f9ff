import type { InteractionCsr } from '../../../src/compute';
import { seededRandom } from './topk-fixtures';

/** A random users × items matrix: each (user, item) present with probability `density`, weight in [0.5, 2). */
export function randomInteractions(users: number, items: number, density: number, seed: number): InteractionCsr {
  const next = seededRandom(seed);
  const offsets = new Int32Array(users + 1);
  const ids: number[] = [];
  const values: number[] = [];
  for (let u = 0; u < users; u++) {
    for (let i = 0; i < items; i++) {
      if (next() >= density) continue;
      ids.push(i);
      values.push(0.5 + 1.5 * next());
    }
    offsets[u + 1] = ids.length;
  }
  return { indptr: offsets, indices: Int32Array.from(ids), values: Float32Array.from(values), nItems: items };
}

/** A matrix from per-user item lists, every weight 1. */
export function fromLists(items: number, lists: number[][]): InteractionCsr {
  const offsets = new Int32Array(lists.length + 1);
  lists.forEach((l, u) => (offsets[u + 1] = offsets[u] + l.length));
  const ids = Int32Array.from(lists.flatMap((l) => [...l].sort((a, b) => a - b)));
  return { indptr: offsets, indices: ids, values: new Float32Array(ids.length).fill(1), nItems: items };
}

/**
 * Planted structure: items 0..half-1 are liked only by even users, half..items-1 only by odd ones, each user
 * holding a random `perUser` of their group's items.
 */
export function twoGroups(users: number, items: number, perUser: number, seed: number): InteractionCsr {
  const next = seededRandom(seed);
  const half = items / 2;
  const lists = Array.from({ length: users }, (_, u) => {
    const base = u % 2 === 0 ? 0 : half;
    const chosen = new Set<number>();
    while (chosen.size < perUser) chosen.add(base + Math.floor(next() * half));
    return [...chosen];
  });
  return fromLists(items, lists);
}
