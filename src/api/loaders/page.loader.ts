import DataLoader from 'dataloader';
import type { PageRequest, PageSlice } from '../../domain/common/pagination';
import { emptySlice } from '../../domain/common/pagination';

/** Fetches one page per parent for many parents in one statement. */
export type BatchPageFetch<TRecord, TFilter> = (
  parentIds: readonly string[],
  request: PageRequest,
  filter: TFilter,
) => Promise<Map<string, PageSlice<TRecord>>>;

/** Counts rows per parent for many parents in one statement. */
export type BatchCountFetch<TFilter> = (parentIds: readonly string[], filter: TFilter) => Promise<Map<string, number>>;

function argsKey(...parts: unknown[]): string {
  return JSON.stringify(parts);
}

/**
 * Batches nested connections (`User.events(first: 5)` under a list of users) into one query per distinct
 * argument set: parents asking for the same page arguments share a DataLoader, so N users cost one statement.
 */
export class PageLoader<TRecord, TFilter = null> {
  private readonly byArgs = new Map<string, DataLoader<string, PageSlice<TRecord>>>();

  constructor(private readonly fetch: BatchPageFetch<TRecord, TFilter>) {}

  /** The page of `parentId` for `request` (already validated) and `filter`. */
  load(parentId: string, request: PageRequest, filter: TFilter): Promise<PageSlice<TRecord>> {
    const key = argsKey(request.order.name, request.limit, request.after ?? null, filter ?? null);
    let loader = this.byArgs.get(key);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const pages = await this.fetch(ids, request, filter);
        return ids.map((id) => pages.get(id) ?? emptySlice<TRecord>(request));
      });
      this.byArgs.set(key, loader);
    }
    return loader.load(parentId);
  }
}

/** Batches per-parent counts (a nested connection's totalCount), one query per distinct filter. */
export class CountLoader<TFilter = null> {
  private readonly byFilter = new Map<string, DataLoader<string, number>>();

  constructor(private readonly fetch: BatchCountFetch<TFilter>) {}

  /** How many rows `parentId` has under `filter`. */
  load(parentId: string, filter: TFilter): Promise<number> {
    const key = argsKey(filter ?? null);
    let loader = this.byFilter.get(key);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const counts = await this.fetch(ids, filter);
        return ids.map((id) => counts.get(id) ?? 0);
      });
      this.byFilter.set(key, loader);
    }
    return loader.load(parentId);
  }
}
