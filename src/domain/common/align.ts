/** Orders `rows` like `ids` (null where a row is missing): the shape a DataLoader batch must return. */
export function alignById<T extends { id: string }>(ids: readonly string[], rows: readonly T[]): Array<T | null> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Orders per-key values like `keys`, with `fallback` for keys the query did not return. */
export function alignByKey<V>(keys: readonly string[], values: ReadonlyMap<string, V>, fallback: V): V[] {
  return keys.map((key) => values.get(key) ?? fallback);
}
