import { BadUserInputError, NotFoundError } from '../common/errors';
import { parseId } from '../common/ids';
import type { RequestContext } from '../common/request-context';
import { query } from '../common/sql';
import { BOUGHT_TOGETHER_SQL } from './co-purchase.sql';

/** One product bought with the anchor: `score` is the lift, `support` the shared orders, `confidence` P(b | a). */
export interface CoPurchase {
  productId: string;
  score: number;
  support: number;
  confidence: number;
}

/** Settings of the co-purchase service. */
export interface CoPurchaseOptions {
  /** Fewest orders a pair must share to be reported (lift on one or two orders is noise). Default 3. */
  minSupport?: number;
}

export const DEFAULT_MIN_SUPPORT = 3;
const MAX_FIRST = 100;

interface CoPurchaseRow {
  known: boolean;
  product_id: string | null;
  support: number | null;
  confidence: number | null;
  lift: number | null;
}

/**
 * `Product.boughtTogether`: products that share orders with a product more often than their popularity explains,
 * computed from order lines in PostgreSQL on every call (always as fresh as the orders; see co-purchase.sql.ts).
 */
export class CoPurchaseService {
  readonly minSupport: number;

  constructor(options: CoPurchaseOptions = {}) {
    const minSupport = options.minSupport ?? DEFAULT_MIN_SUPPORT;
    if (!Number.isSafeInteger(minSupport) || minSupport < 1) {
      throw new RangeError(`co-purchase minSupport must be an integer >= 1 (got ${minSupport})`);
    }
    this.minSupport = minSupport;
  }

  /**
   * Up to `first` (1..100) active products ranked by lift, ties by support. An unknown product is NOT_FOUND; a
   * known one without pairs above the support floor gets an empty list.
   */
  async boughtTogether(ctx: RequestContext, productId: string, first: number): Promise<CoPurchase[]> {
    const id = parseId(productId, 'productId');
    if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) {
      throw new BadUserInputError('first', `must be an integer in 1..${MAX_FIRST} (got ${first})`);
    }
    const rows = await query<CoPurchaseRow>(ctx, BOUGHT_TOGETHER_SQL, [id, this.minSupport, first]);
    if (!rows[0]?.known) throw new NotFoundError(`no product with id ${id}`);
    return rows
      .filter((row) => row.product_id !== null)
      .map((row) => ({
        productId: row.product_id!,
        score: Number(row.lift),
        support: Number(row.support),
        confidence: Number(row.confidence),
      }));
  }
}
