import type { CopyValue } from '../bulk/copy';
import { formatMoneyUnits } from './money';
import type { OnlineRetailRow } from './online-retail.normaliser';

/**
 * Folds normalised rows into the few thousand customers, products and invoices of an export (they fit in memory),
 * numbers the lines of each invoice, and decides which lines become events. The lines themselves are not kept:
 * `add` returns the staging tuple for the caller to stream into PostgreSQL.
 */

/** Columns of the staging table for lines, in the order `add` returns them. */
export const STAGE_LINE_COLUMNS = [
  'invoice',
  'line_no',
  'stock_code',
  'quantity',
  'unit_price',
  'occurred_at',
  'event_type',
] as const;
export const STAGE_USER_COLUMNS = ['external_id', 'country', 'attributes'] as const;
export const STAGE_PRODUCT_COLUMNS = ['external_id', 'name', 'price', 'active', 'attributes'] as const;
export const STAGE_ORDER_COLUMNS = [
  'external_id',
  'customer',
  'placed_at',
  'total',
  'cancelled',
  'country',
  'line_count',
] as const;

/** Recorded in users' and products' attributes so later code can tell where a row came from. */
export const ONLINE_RETAIL_SOURCE = 'online-retail';

interface UserAgg {
  country: string | null;
  seenMs: number;
}

interface DescriptionTally {
  /** Rows with a positive price: sales, whose text is the catalogue name rather than a stock note ("damaged"). */
  priced: number;
  count: number;
  lastSeq: number;
}

interface ProductAgg {
  service: boolean;
  descriptions: Map<string, DescriptionTally>;
  /** The tally touched last: a product's rows nearly always repeat one description, so check it before hashing. */
  lastDescription: string | null;
  lastTally: DescriptionTally | null;
  priceUnits: number | null;
  priceMs: number;
}

interface OrderAgg {
  customerId: string | null;
  country: string | null;
  placedAtMs: number;
  placedAtIso: string;
  totalUnits: number;
  cancelled: boolean;
  lines: number;
}

/**
 * The in-memory side of an Online Retail import. Rules it keeps:
 * - a user's country is the one of their latest row; orders keep their own country;
 * - a product's name is its most common description on priced rows (then on any row, then the latest), falling
 *   back to the stock code; its price is the latest positive unit price, 0 when it never had one;
 * - an order is placed at its earliest line's time; total = Σ quantity × unit price over its lines, service lines
 *   included; lines are numbered 1.. in file order within the invoice;
 * - a line becomes a PURCHASE (quantity > 0) or RETURN (quantity < 0) event when it has a customer and is not a
 *   service code.
 */
export class OnlineRetailAggregator {
  readonly users = new Map<string, UserAgg>();
  readonly products = new Map<string, ProductAgg>();
  readonly orders = new Map<string, OrderAgg>();
  private seq = 0;
  /** Lines of an invoice are (nearly always) adjacent: remember the last one to skip a hash lookup. */
  private lastInvoice = '';
  private lastOrder: OrderAgg | undefined;
  private lastCustomerId = '';
  private lastUser: UserAgg | undefined;
  eventLines = 0;

  /** Folds one row in and returns its staging tuple (columns STAGE_LINE_COLUMNS). */
  add(row: OnlineRetailRow): CopyValue[] {
    this.seq++;
    if (row.customerId !== null) this.addUser(row);
    this.addProduct(row);
    const lineNo = this.addOrderLine(row);
    let eventType: 'PURCHASE' | 'RETURN' | null = null;
    if (row.customerId !== null && !row.service) {
      eventType = row.quantity > 0 ? 'PURCHASE' : 'RETURN';
      this.eventLines++;
    }
    return [
      row.invoice,
      lineNo,
      row.stockCode,
      row.quantity,
      formatMoneyUnits(row.priceUnits),
      row.occurredAtIso,
      eventType,
    ];
  }

  private addUser(row: OnlineRetailRow): void {
    const id = row.customerId!;
    let user = id === this.lastCustomerId ? this.lastUser : this.users.get(id);
    if (!user) {
      user = { country: row.country, seenMs: row.occurredAtMs };
      this.users.set(id, user);
    } else if (row.occurredAtMs >= user.seenMs) {
      user.seenMs = row.occurredAtMs;
      if (row.country !== null) user.country = row.country;
    }
    this.lastCustomerId = id;
    this.lastUser = user;
  }

  private addProduct(row: OnlineRetailRow): void {
    let product = this.products.get(row.stockCode);
    if (!product) {
      product = {
        service: row.service,
        descriptions: new Map(),
        lastDescription: null,
        lastTally: null,
        priceUnits: null,
        priceMs: -Infinity,
      };
      this.products.set(row.stockCode, product);
    }
    if (row.description !== null) {
      let tally: DescriptionTally | null | undefined =
        row.description === product.lastDescription ? product.lastTally : null;
      if (!tally) {
        tally = product.descriptions.get(row.description);
        if (!tally) product.descriptions.set(row.description, (tally = { priced: 0, count: 0, lastSeq: 0 }));
        product.lastDescription = row.description;
        product.lastTally = tally;
      }
      tally.count++;
      if (row.priceUnits > 0) tally.priced++;
      tally.lastSeq = this.seq;
    }
    if (row.priceUnits > 0 && row.occurredAtMs >= product.priceMs) {
      product.priceUnits = row.priceUnits;
      product.priceMs = row.occurredAtMs;
    }
  }

  private addOrderLine(row: OnlineRetailRow): number {
    const order = row.invoice === this.lastInvoice ? this.lastOrder : this.orders.get(row.invoice);
    const amount = row.quantity * row.priceUnits;
    if (!order) {
      this.lastInvoice = row.invoice;
      this.lastOrder = {
        customerId: row.customerId,
        country: row.country,
        placedAtMs: row.occurredAtMs,
        placedAtIso: row.occurredAtIso,
        totalUnits: amount,
        cancelled: row.cancelled,
        lines: 1,
      };
      this.orders.set(row.invoice, this.lastOrder);
      return 1;
    }
    this.lastInvoice = row.invoice;
    this.lastOrder = order;
    order.totalUnits += amount;
    order.customerId ??= row.customerId;
    order.country ??= row.country;
    if (row.occurredAtMs < order.placedAtMs) {
      order.placedAtMs = row.occurredAtMs;
      order.placedAtIso = row.occurredAtIso;
    }
    return ++order.lines;
  }

  /** Staging tuples for users (STAGE_USER_COLUMNS). */
  userRows(): CopyValue[][] {
    const attributes = { source: ONLINE_RETAIL_SOURCE };
    return [...this.users].map(([id, u]) => [id, u.country, attributes]);
  }

  /** Staging tuples for products (STAGE_PRODUCT_COLUMNS); service codes are inactive. */
  productRows(): CopyValue[][] {
    return [...this.products].map(([code, p]) => [
      code,
      pickName(p.descriptions) ?? code,
      formatMoneyUnits(p.priceUnits ?? 0),
      !p.service,
      p.service ? { source: ONLINE_RETAIL_SOURCE, service: true } : { source: ONLINE_RETAIL_SOURCE },
    ]);
  }

  /** Staging tuples for orders (STAGE_ORDER_COLUMNS). */
  orderRows(): CopyValue[][] {
    return [...this.orders].map(([invoice, o]) => [
      invoice,
      o.customerId,
      o.placedAtIso,
      formatMoneyUnits(o.totalUnits),
      o.cancelled,
      o.country,
      o.lines,
    ]);
  }
}

/** The most common description on priced rows, then on any row, then the latest; null when there is none. */
export function pickName(descriptions: ReadonlyMap<string, DescriptionTally>): string | null {
  let best: string | null = null;
  let bestTally: DescriptionTally | undefined;
  for (const [text, tally] of descriptions) {
    if (
      !bestTally ||
      tally.priced > bestTally.priced ||
      (tally.priced === bestTally.priced &&
        (tally.count > bestTally.count || (tally.count === bestTally.count && tally.lastSeq > bestTally.lastSeq)))
    ) {
      best = text;
      bestTally = tally;
    }
  }
  return best;
}
