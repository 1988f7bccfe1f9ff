import type { ServingSettings, TrainingSettings } from '../../../config/config';
import type { EventTypeName } from '../../../data/entities';
import type { ChangeFeed } from '../../common/change-feed';
import type { RequestContext } from '../../common/request-context';
import { query } from '../../common/sql';

/** The most recent events per user that serving reads; older ones are what the trained model already knows. */
export const HISTORY_EVENTS = 1000;

/** What serving knows about one user right now, straight from the events and orders tables. */
export interface UserHistory {
  exists: boolean;
  country: string | null;
  /** Net training weight per product (the same per-type weights as training; may be ≤ 0). */
  weights: Map<string, number>;
  /** The strongest positive action per product, for explanations. */
  strongest: Map<string, EventTypeName>;
  /** Products with any event. */
  seen: Set<string>;
  /** Products bought (PURCHASE events or order lines of non-cancelled orders). */
  purchased: Set<string>;
}

interface HistoryRow {
  k: 'u' | 'e' | 'o';
  p: string | null;
  t: string | null;
  v: number | null;
}

/** One round trip: the user row, their latest events, and the products of their orders. */
const HISTORY_SQL = `
  (SELECT 'u' AS k, NULL::text AS p, country AS t, NULL::float8 AS v FROM users WHERE id = $1::bigint)
  UNION ALL
  (SELECT 'e', product_id::text, type, value FROM events WHERE user_id = $1::bigint
   ORDER BY occurred_at DESC LIMIT ${HISTORY_EVENTS})
  UNION ALL
  (SELECT 'o', ol.product_id::text, NULL, NULL FROM orders o JOIN order_lines ol ON ol.order_id = o.id
   WHERE o.user_id = $1::bigint AND NOT o.cancelled GROUP BY ol.product_id HAVING sum(ol.quantity) > 0)`;

/** Explanation strength of an action: the verb a sentence uses is the strongest one's. */
const ACTION_RANK: Partial<Record<EventTypeName, number>> = {
  PURCHASE: 6, RATING: 5, ADD_TO_CART: 4, WISHLIST: 3, CLICK: 2, VIEW: 1,
};

/** The training weight of one event (RATING: value − midpoint, clamped), as INTERACTIONS_SQL computes it. */
export function eventWeight(settings: TrainingSettings, type: EventTypeName, value: number | null): number {
  if (type === 'RATING') {
    const mid = settings.ratingMidpoint;
    return Math.max(-mid, Math.min(mid, (value ?? mid) - mid));
  }
  return settings.eventWeights[type as keyof TrainingSettings['eventWeights']] ?? 0;
}

export function historyFromRows(rows: readonly HistoryRow[], settings: TrainingSettings): UserHistory {
  const h: UserHistory = { exists: false, country: null, weights: new Map(), strongest: new Map(), seen: new Set(), purchased: new Set() };
  for (const row of rows) {
    if (row.k === 'u') {
      h.exists = true;
      h.country = row.t;
    } else if (row.k === 'o') {
      h.purchased.add(row.p!);
    } else {
      const p = row.p!;
      const type = row.t as EventTypeName;
      h.seen.add(p);
      if (type === 'PURCHASE') h.purchased.add(p);
      h.weights.set(p, (h.weights.get(p) ?? 0) + eventWeight(settings, type, row.v));
      const rank = ACTION_RANK[type] ?? 0;
      const best = h.strongest.get(p);
      if (rank > 0 && (best === undefined || rank > (ACTION_RANK[best] ?? 0))) h.strongest.set(p, type);
    }
  }
  return h;
}

/**
 * Users' histories with an LRU in front. A write through this process drops the users it touched at once, so a
 * user's next request after recordEvents sees the events; entries also expire after historyTtlMs, which bounds how
 * long writes made through another process take to show.
 */
export class UserHistoryCache {
  private readonly entries = new Map<string, { at: number; history: UserHistory }>();
  /** Bumped by every invalidation: a read that overlapped one may predate the write, so it is not cached. */
  private generation = 0;

  /** `limits` is read on every call (historyTtlMs, historyCacheUsers), so a running process can be retuned. */
  constructor(
    private readonly settings: TrainingSettings,
    private readonly limits: Pick<ServingSettings, 'historyTtlMs' | 'historyCacheUsers'>,
    changes?: ChangeFeed,
  ) {
    changes?.on('user-activity', (ids) => {
      this.generation++;
      if (ids.length === 0) this.entries.clear();
      for (const id of ids) this.entries.delete(id);
    });
  }

  async get(ctx: RequestContext, userId: string): Promise<UserHistory> {
    const hit = this.entries.get(userId);
    if (hit && Date.now() - hit.at < this.limits.historyTtlMs) {
      this.entries.delete(userId); // re-insert: Map order is the LRU order
      this.entries.set(userId, hit);
      return hit.history;
    }
    const generation = this.generation;
    const history = historyFromRows(await query<HistoryRow>(ctx, HISTORY_SQL, [userId]), this.settings);
    if (generation !== this.generation) return history;
    this.entries.set(userId, { at: Date.now(), history });
    if (this.entries.size > this.limits.historyCacheUsers) this.entries.delete(this.entries.keys().next().value!);
    return history;
  }
}
