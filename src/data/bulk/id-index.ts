/**
 * Maps database ids (bigint identities, as numbers) to row positions. Identity columns are nearly dense, so a
 * lookup table over [min, max] is used when it is at most a few times the row count — a typed-array read instead
 * of a hash probe per row of a multi-million-row read — and a Map otherwise.
 */
export class IdIndex {
  private readonly min: number;
  private readonly table: Int32Array | null;
  private readonly map: Map<number, number> | null;

  constructor(ids: ArrayLike<number>) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] < min) min = ids[i];
      if (ids[i] > max) max = ids[i];
    }
    this.min = min;
    const span = max - min + 1;
    if (ids.length > 0 && span <= 4 * ids.length + 1024) {
      this.table = new Int32Array(span).fill(-1);
      for (let i = 0; i < ids.length; i++) this.table[ids[i] - min] = i;
      this.map = null;
    } else {
      this.table = null;
      this.map = new Map();
      for (let i = 0; i < ids.length; i++) this.map.set(ids[i], i);
    }
  }

  /** The position of `id`, or -1 when it is not indexed. */
  get(id: number): number {
    if (this.table) {
      const at = id - this.min;
      return at >= 0 && at < this.table.length ? this.table[at] : -1;
    }
    return this.map!.get(id) ?? -1;
  }
}
