import type { ProductRecord } from '../../catalog/catalog.records';
import type { CatalogSnapshot } from './catalog-snapshot';
import { catalogRowEligible, type ProductFilter } from './eligibility';
import type { Explanation } from './explanations';

/** One item of a served list. */
export interface RankedItem {
  productId: string;
  score: number;
  explanation: Explanation;
  /** The product as the catalogue snapshot holds it (served without another query). */
  product: ProductRecord;
}

/**
 * A list being filled, best first, from one or more sources: it keeps each product once, applies the request's
 * catalogue rules and exclusions to every source, and remembers which source contributed first.
 */
export class RankedList {
  readonly items: RankedItem[] = [];
  private readonly chosen = new Set<string>();
  firstSource: string | null = null;

  constructor(
    readonly size: number,
    private readonly snapshot: CatalogSnapshot,
    private readonly filter: ProductFilter,
    private readonly categories: ReadonlySet<string> | null,
    private readonly exclude: ReadonlySet<string>,
  ) {}

  get full(): boolean {
    return this.items.length >= this.size;
  }

  /** How many products no source may add (the request's exclusions and what is already on the list), at most. */
  get takenCount(): number {
    return this.exclude.size + this.chosen.size;
  }

  /** Those products as a model's item indices (the exclusion list of its top-K); ones the model lacks are dropped. */
  takenIn(itemIndex: ReadonlyMap<string, number>): Int32Array {
    const out: number[] = [];
    for (const set of [this.exclude, this.chosen]) {
      for (const p of set) {
        const j = itemIndex.get(p);
        if (j !== undefined) out.push(j);
      }
    }
    return Int32Array.from(new Set(out));
  }

  eligible(productId: string): boolean {
    if (this.exclude.has(productId) || this.chosen.has(productId)) return false;
    const row = this.snapshot.rowOf.get(productId);
    return row !== undefined && catalogRowEligible(this.snapshot, row, this.filter, this.categories);
  }

  /** Adds the eligible candidates in order until full; returns how many were added. */
  add(source: string, candidates: Iterable<{ productId: string; score: number; explanation: Explanation }>): number {
    let added = 0;
    for (const c of candidates) {
      if (this.full) break;
      if (!this.eligible(c.productId)) continue;
      this.items.push({ ...c, product: this.snapshot.records[this.snapshot.rowOf.get(c.productId)!] });
      this.chosen.add(c.productId);
      added++;
    }
    if (added > 0) this.firstSource ??= source;
    return added;
  }
}
