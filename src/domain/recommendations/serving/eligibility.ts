import { BadUserInputError } from '../../common/errors';
import { parseId } from '../../common/ids';
import type { CatalogSnapshot } from './catalog-snapshot';

/** The business rules a client may put on a list (API.md RecommendationFilter). */
export interface RecommendationFilterInput {
  excludeProductIds?: readonly string[] | null;
  categoryIds?: readonly string[] | null;
  minPrice?: number | null;
  maxPrice?: number | null;
  inStockOnly?: boolean | null;
  excludePurchased?: boolean | null;
  excludeSeen?: boolean | null;
  /** Only these products (a campaign's offer); null or absent = any. */
  productIds?: readonly string[] | null;
}

/** A validated filter: ids parsed, defaults applied (exclude purchased: yes; exclude seen: no). */
export interface ProductFilter {
  exclude: ReadonlySet<string>;
  categoryIds: readonly string[] | null;
  minPrice: number;
  maxPrice: number;
  inStockOnly: boolean;
  excludePurchased: boolean;
  excludeSeen: boolean;
  /** The only products allowed, or null for any. An empty list given by the client means "any" as well. */
  only: ReadonlySet<string> | null;
}

function price(value: number | null | undefined, field: string, fallback: number): number {
  if (value === null || value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new BadUserInputError(field, `must be a finite number >= 0 (got ${value})`);
  return value;
}

/** Checks a client's filter; BAD_USER_INPUT names the field (`filter.maxPrice`, `filter.categoryIds[2]`). */
export function resolveFilter(input: RecommendationFilterInput | null | undefined, path = 'filter'): ProductFilter {
  const f = input ?? {};
  const minPrice = price(f.minPrice, `${path}.minPrice`, 0);
  const maxPrice = price(f.maxPrice, `${path}.maxPrice`, Infinity);
  if (minPrice > maxPrice) throw new BadUserInputError(`${path}.maxPrice`, `must be >= minPrice (${minPrice})`);
  return {
    exclude: new Set((f.excludeProductIds ?? []).map((id, i) => parseId(id, `${path}.excludeProductIds[${i}]`))),
    categoryIds: f.categoryIds?.length ? f.categoryIds.map((id, i) => parseId(id, `${path}.categoryIds[${i}]`)) : null,
    minPrice,
    maxPrice,
    inStockOnly: f.inStockOnly ?? false,
    excludePurchased: f.excludePurchased ?? true,
    excludeSeen: f.excludeSeen ?? false,
    only: f.productIds?.length ? new Set(f.productIds.map((id, i) => parseId(id, `${path}.productIds[${i}]`))) : null,
  };
}

/** The filter with nothing but its defaults: active products only. */
export const NO_FILTER: ProductFilter = resolveFilter(null);

/** Whether catalogue row r passes the filter's catalogue rules (active, category subtree, price, stock). */
export function catalogRowEligible(snapshot: CatalogSnapshot, r: number, f: ProductFilter, categories: ReadonlySet<string> | null): boolean {
  if (snapshot.active[r] === 0) return false;
  if (f.only && !f.only.has(snapshot.ids[r])) return false;
  if (categories && !categories.has(snapshot.category[r])) return false;
  const p = snapshot.price[r];
  if (p < f.minPrice || p > f.maxPrice) return false;
  return !(f.inStockOnly && snapshot.stock[r] === 0);
}

/** The set of category ids a filter allows (each given category with its subtree), or null for "any". */
export function categorySet(snapshot: CatalogSnapshot, f: ProductFilter): ReadonlySet<string> | null {
  if (!f.categoryIds) return null;
  const out = new Set<string>();
  for (const id of f.categoryIds) for (const c of snapshot.subtree(id)) out.add(c);
  return out;
}

/**
 * Allow flags over a list of product ids (a model's items), from catalogue rows mapped once per model and snapshot;
 * products missing from the catalogue are never allowed. Typed-array work only, so a 100k-item mask takes well under
 * a millisecond.
 */
export class EligibilityIndex {
  private rows: Int32Array | null = null;
  private version = -1;
  private base: Uint8Array | null = null;

  constructor(private readonly productIds: readonly string[]) {}

  private rowsFor(snapshot: CatalogSnapshot): Int32Array {
    if (this.rows && this.version === snapshot.version) return this.rows;
    this.rows = Int32Array.from(this.productIds, (id) => snapshot.rowOf.get(id) ?? -1);
    this.version = snapshot.version;
    this.base = null;
    return this.rows;
  }

  allow(snapshot: CatalogSnapshot, f: ProductFilter): Uint8Array {
    const rows = this.rowsFor(snapshot);
    const plain = f.only === null && f.categoryIds === null && f.minPrice === 0 && f.maxPrice === Infinity && !f.inStockOnly;
    if (plain && this.base) return this.base;
    const categories = categorySet(snapshot, f);
    const mask = new Uint8Array(rows.length);
    for (let j = 0; j < rows.length; j++) mask[j] = rows[j] >= 0 && catalogRowEligible(snapshot, rows[j], f, categories) ? 1 : 0;
    if (plain) this.base = mask;
    return mask;
  }
}
