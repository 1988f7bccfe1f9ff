import { PRODUCT_COLUMNS, productFromRow, type ProductRecord, type ProductRow } from '../../catalog/catalog.records';
import type { ChangeFeed } from '../../common/change-feed';
import type { RequestContext } from '../../common/request-context';
import { query } from '../../common/sql';

/**
 * The catalogue columns serving filters on, held in memory as columns: product row r is ids[r]. `stock` is −1 when
 * unknown (NULL), which counts as in stock, as in the products filter. Built in one query; ~30 bytes per product.
 */
export interface CatalogSnapshot {
  ids: string[];
  /** The full rows, so a served list carries its products without another query. */
  records: ProductRecord[];
  rowOf: Map<string, number>;
  /** Category id per row ('' when none). */
  category: string[];
  price: Float64Array;
  stock: Int32Array;
  active: Uint8Array;
  /** Every category id. */
  categories: ReadonlySet<string>;
  /** Each category id → itself and every descendant (the subtree a category filter means). */
  subtree(categoryId: string): ReadonlySet<string>;
  /** Increases with every rebuild; caches derived from a snapshot key on it. */
  version: number;
}

function subtreeIndex(edges: Array<{ id: string; parent_id: string | null }>): (id: string) => ReadonlySet<string> {
  const children = new Map<string, string[]>();
  for (const e of edges) if (e.parent_id) children.set(e.parent_id, [...(children.get(e.parent_id) ?? []), e.id]);
  const memo = new Map<string, Set<string>>();
  return (id) => {
    const known = memo.get(id);
    if (known) return known;
    const out = new Set<string>();
    const stack = [id];
    while (stack.length) {
      const next = stack.pop()!;
      if (out.has(next)) continue; // the tree has no cycles, but never loop if one slipped in
      out.add(next);
      stack.push(...(children.get(next) ?? []));
    }
    memo.set(id, out);
    return out;
  };
}

let versions = 0;

async function buildSnapshot(ctx: RequestContext): Promise<CatalogSnapshot> {
  const [rows, edges] = await Promise.all([
    query<ProductRow>(ctx, `SELECT ${PRODUCT_COLUMNS} FROM products p`),
    query<{ id: string; parent_id: string | null }>(ctx, `SELECT id::text AS id, parent_id::text AS parent_id FROM categories`),
  ]);
  const n = rows.length;
  const snapshot: CatalogSnapshot = {
    ids: new Array<string>(n),
    records: new Array<ProductRecord>(n),
    rowOf: new Map(),
    category: new Array<string>(n),
    price: new Float64Array(n),
    stock: new Int32Array(n),
    active: new Uint8Array(n),
    categories: new Set(edges.map((e) => e.id)),
    subtree: subtreeIndex(edges),
    version: ++versions,
  };
  rows.forEach((row, r) => {
    const record = productFromRow(row);
    snapshot.records[r] = record;
    snapshot.ids[r] = record.id;
    snapshot.rowOf.set(record.id, r);
    snapshot.category[r] = record.categoryId ?? '';
    snapshot.price[r] = record.price;
    snapshot.stock[r] = record.stock ?? -1;
    snapshot.active[r] = record.active ? 1 : 0;
  });
  return snapshot;
}

/**
 * The current snapshot, rebuilt when a catalogue write in this process says so (callers then wait for the rebuild,
 * so a deactivated product is never served after its write returned), or after `ttlMs` (writes by other processes;
 * callers keep the previous snapshot while it rebuilds). One rebuild at a time.
 */
export class CatalogCache {
  private current: CatalogSnapshot | null = null;
  private loadedAt = 0;
  private loading: Promise<CatalogSnapshot> | null = null;
  /** Bumped by every in-process write; a snapshot that started loading before the bump is stale. */
  private generation = 0;
  private loadedGeneration = -1;

  constructor(
    private readonly ttlMs: number,
    changes?: ChangeFeed,
  ) {
    changes?.on('catalog', () => {
      this.generation++;
    });
  }

  async get(ctx: RequestContext): Promise<CatalogSnapshot> {
    const invalidated = this.loadedGeneration !== this.generation;
    if (this.current && !invalidated && Date.now() - this.loadedAt < this.ttlMs) return this.current;
    const load = this.loading ?? this.reload(ctx);
    return this.current && !invalidated ? this.current : load;
  }

  private reload(ctx: RequestContext): Promise<CatalogSnapshot> {
    const generation = this.generation;
    this.loading = buildSnapshot(ctx)
      .then((snapshot) => {
        this.current = snapshot;
        this.loadedAt = Date.now();
        this.loadedGeneration = generation;
        return snapshot;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
