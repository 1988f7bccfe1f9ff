/**
 * Pure checks of the category tree a batch would produce, kept apart from SQL so they are easy to test:
 * `parentOf` answers the final parent of a node (batch first, then the stored tree).
 */

/** A parent lookup: the external id of a node's parent, null for a root, undefined for an unknown node. */
export type ParentLookup = (externalId: string) => string | null | undefined;

/**
 * The cycle that starting at `start` runs into, as the list of external ids from `start` back to `start`,
 * or undefined when the walk reaches a root. Walks at most `limit` steps (the tree size) so a corrupted
 * stored tree cannot loop forever.
 */
export function findCycle(start: string, parentOf: ParentLookup, limit: number): string[] | undefined {
  const path = [start];
  const seen = new Set(path);
  let node: string | null | undefined = parentOf(start);
  for (let step = 0; node !== null && node !== undefined && step <= limit; step++) {
    path.push(node);
    if (node === start) return path;
    if (seen.has(node)) return undefined;
    seen.add(node);
    node = parentOf(node);
  }
  return undefined;
}
