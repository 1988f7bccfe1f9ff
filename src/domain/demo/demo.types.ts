import type { EventTypeName } from '../../data/entities/event-type';
import type { DemoTruth } from './truth';

/** What a caller may choose about the demo shop; everything else follows from the seed. */
export interface DemoOptions {
  /** Shoppers (default 2,000). */
  users?: number;
  /** Products (default 400). */
  products?: number;
  /** Days of history (default 365). */
  days?: number;
  /** Seed of every random draw (default 42): the same options give a byte-identical shop. */
  seed?: number;
  /**
   * First day after the history, as YYYY-MM-DD or a Date (its UTC day is used). The history covers the `days`
   * whole UTC days before it. Default: today (UTC), so forecasts start tomorrow-ish and look current.
   */
  endDate?: string | Date;
}

/** Options with every default filled in and validated. */
export interface ResolvedDemoOptions {
  users: number;
  products: number;
  days: number;
  seed: number;
  /** YYYY-MM-DD, exclusive end of the history. */
  endDate: string;
}

/** A node of the category tree. */
export interface DemoCategory {
  externalId: string;
  name: string;
  parentExternalId: string | null;
}

/** A catalogue row as the products table stores it; price is the price on the last day of the history. */
export interface DemoProduct {
  externalId: string;
  name: string;
  categoryExternalId: string;
  price: number;
  cost: number;
  stock: number;
  active: boolean;
  attributes: { brand: string; tier: ProductTier };
}

export type ProductTier = 'budget' | 'standard' | 'premium';

/** A shopper; the planted group is only in the truth, never in the row. */
export interface DemoUser {
  externalId: string;
  email: string;
  country: string;
  /** Epoch milliseconds (UTC). */
  createdAt: number;
}

/**
 * An order. Returns are separate orders (negative lines, placed on the return day, returnOf = the original
 * order); a cancelled order keeps its placed lines and carries reversal lines (negative, same time), so the
 * order lines of any product and day sum to the units that were really sold.
 */
export interface DemoOrder {
  externalId: string;
  userExternalId: string;
  /** Epoch milliseconds (UTC). */
  placedAt: number;
  total: number;
  cancelled: boolean;
  country: string;
  returnOf: string | null;
}

export interface DemoOrderLine {
  orderExternalId: string;
  lineNo: number;
  productExternalId: string;
  quantity: number;
  unitPrice: number;
  /** Epoch milliseconds (UTC), the order's placedAt. */
  placedAt: number;
}

export interface DemoEvent {
  /** `demo:<n>`, n counting from 1 in time order: replays are recognisable and unique. */
  eventId: string;
  userExternalId: string;
  productExternalId: string;
  type: EventTypeName;
  value: number | null;
  quantity: number | null;
  price: number | null;
  /** Epoch milliseconds (UTC). */
  occurredAt: number;
}

/** The whole generated shop, ready to load, and the structure planted in it. */
export interface DemoShop {
  options: ResolvedDemoOptions;
  categories: DemoCategory[];
  products: DemoProduct[];
  users: DemoUser[];
  orders: DemoOrder[];
  lines: DemoOrderLine[];
  events: DemoEvent[];
  truth: DemoTruth;
}

/** What loading reported; loaded is false when the database already held the demo shop. */
export interface DemoSummary {
  loaded: boolean;
  seed: number;
  startDate: string;
  endDate: string;
  categories: number;
  products: number;
  users: number;
  orders: number;
  orderLines: number;
  events: number;
  returns: number;
  cancelledOrders: number;
  generateSeconds: number;
  loadSeconds: number;
  seconds: number;
}
