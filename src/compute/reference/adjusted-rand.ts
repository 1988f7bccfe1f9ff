/**
 * Adjusted Rand index (Hubert & Arabie 1985) of two labellings of the same items: 1 for identical partitions
 * (whatever the label names), about 0 for independent ones, negative when worse than chance. Labels are any
 * integers. Returns 1 when both partitions are trivial (everything together or everything apart), as
 * scikit-learn does.
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`adjustedRandIndex: labellings differ in length (${a.length} vs ${b.length})`);
  const n = a.length;
  if (n < 2) return 1;
  const pairs = (m: number) => (m * (m - 1)) / 2;
  const table = new Map<string, number>(), rows = new Map<number, number>(), cols = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]},${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  let index = 0, sumRows = 0, sumCols = 0;
  for (const c of table.values()) index += pairs(c);
  for (const c of rows.values()) sumRows += pairs(c);
  for (const c of cols.values()) sumCols += pairs(c);
  const expected = (sumRows * sumCols) / pairs(n);
  const max = (sumRows + sumCols) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
