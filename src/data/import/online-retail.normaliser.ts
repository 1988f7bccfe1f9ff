import { ImportFormatError } from './import.types';
import { parseMoneyUnits } from './money';
import { isValidLocalDateTime, ukLocalToUtc, type LocalDateTime } from './zoned-time';

/**
 * Turns one record of the UCI Online Retail export into a typed row, or says why it cannot be used.
 * Pure apart from a memo of parsed dates: the same fields always give the same answer, so every quirk of the
 * data set is pinned by a unit test (tests/unit/import-online-retail-normaliser.test.ts).
 */

/** Why a row was skipped; the summary counts rows per reason. */
export type OnlineRetailSkipReason =
  | 'malformed_line'
  | 'missing_invoice'
  | 'missing_stock_code'
  | 'bad_quantity'
  | 'bad_price'
  | 'bad_date'
  | 'bad_customer_id';

/** A row the importer can stage. Money is in units of 1/10,000 (see money.ts), times in UTC. */
export interface OnlineRetailRow {
  invoice: string;
  /** The invoice number starts with "C": a cancellation (its quantities are negative). */
  cancelled: boolean;
  stockCode: string;
  /** A service code (postage, fees, manual adjustments…), not merchandise; see SERVICE_STOCK_CODES. */
  service: boolean;
  description: string | null;
  /** Negative for returns and cancellations; never zero. */
  quantity: number;
  priceUnits: number;
  occurredAtMs: number;
  occurredAtIso: string;
  /** Normalised CustomerID ("17850.0" → "17850"), null for guests. */
  customerId: string | null;
  country: string | null;
}

export type NormaliseResult = { ok: true; row: OnlineRetailRow } | { ok: false; reason: OnlineRetailSkipReason };

/**
 * Stock codes that are charges or bookkeeping, not things a shopper buys: postage (POST, DOT), carriage (C2),
 * manual adjustments (M), discounts (D), samples (S), bank and marketplace fees (BANK CHARGES, AMAZONFEE),
 * charity commission (CRUK), bad-debt adjustment (B). They are imported as inactive products so order totals stay
 * true, but produce no PURCHASE/RETURN events (they would pollute recommendations).
 */
export const SERVICE_STOCK_CODES: ReadonlySet<string> = new Set([
  'POST',
  'DOT',
  'C2',
  'M',
  'D',
  'S',
  'BANK CHARGES',
  'AMAZONFEE',
  'CRUK',
  'B',
]);

/** Where each needed column sits in a record, found by header name. */
export interface OnlineRetailColumns {
  invoice: number;
  stockCode: number;
  description: number;
  quantity: number;
  invoiceDate: number;
  unitPrice: number;
  customerId: number;
  country: number;
  /** Fields a well-formed record has (the header's length). */
  width: number;
}

const HEADER_NAMES: Record<Exclude<keyof OnlineRetailColumns, 'width'>, string> = {
  invoice: 'invoiceno',
  stockCode: 'stockcode',
  description: 'description',
  quantity: 'quantity',
  invoiceDate: 'invoicedate',
  unitPrice: 'unitprice',
  customerId: 'customerid',
  country: 'country',
};

/** Maps header names (any order, any case, spaces or underscores ignored) to positions; throws when one is missing. */
export function resolveOnlineRetailColumns(header: readonly string[]): OnlineRetailColumns {
  const positions = new Map(header.map((name, i) => [name.trim().toLowerCase().replace(/[\s_]/g, ''), i]));
  const missing: string[] = [];
  const columns = { width: header.length } as OnlineRetailColumns;
  for (const [key, name] of Object.entries(HEADER_NAMES) as Array<[keyof typeof HEADER_NAMES, string]>) {
    const at = positions.get(name);
    if (at === undefined) missing.push(name);
    else columns[key] = at;
  }
  if (missing.length > 0) {
    throw new ImportFormatError(`not an Online Retail file: the header lacks ${missing.join(', ')}`);
  }
  return columns;
}

/** "17850.0", "17850" → "17850"; "" → null (a guest); anything else is not a customer number. */
export function normaliseCustomerId(raw: string): string | null | undefined {
  const text = raw.trim();
  if (text === '') return null;
  const m = /^0*(\d+)(?:\.0*)?$/.exec(text);
  return m ? m[1] : undefined;
}

/** Stock codes are compared case-insensitively ("85123a" is "85123A") with surrounding blanks removed. */
export function normaliseStockCode(raw: string): string {
  return raw.trim().toUpperCase();
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const UCI_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** Reads "YYYY-MM-DD HH:MM[:SS]" or the UCI spreadsheet's "M/D/YYYY H:MM" as UK wall-clock time. */
export function parseUkDateTime(raw: string): Date | null {
  const text = raw.trim();
  let local: LocalDateTime | null = null;
  let m = ISO_DATE.exec(text);
  if (m) {
    local = { year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5], second: +(m[6] ?? 0) };
  } else if ((m = UCI_DATE.exec(text))) {
    local = { year: +m[3], month: +m[1], day: +m[2], hour: +m[4], minute: +m[5], second: +(m[6] ?? 0) };
  }
  if (!local || !isValidLocalDateTime(local)) return null;
  return ukLocalToUtc(local);
}

const INTEGER = /^[+-]?\d{1,10}(?:\.0*)?$/;
const MAX_PRICE_UNITS = 1e14; // numeric(14,4) holds |x| < 10^10

/** A normaliser for records laid out as `columns`; it memoises dates (an export repeats each minute many times). */
export function createOnlineRetailNormaliser(
  columns: OnlineRetailColumns,
): (fields: string[] | null) => NormaliseResult {
  type Parsed = { ms: number; iso: string } | null;
  const dates = new Map<string, Parsed>();
  // Consecutive rows mostly belong to one invoice and share its timestamp: compare before hashing.
  let lastRaw = '';
  let lastParsed: Parsed = null;
  const readDate = (raw: string): Parsed => {
    if (raw === lastRaw) return lastParsed;
    let hit = dates.get(raw);
    if (hit === undefined) {
      const date = parseUkDateTime(raw);
      hit = date ? { ms: date.getTime(), iso: date.toISOString() } : null;
      dates.set(raw, hit);
    }
    lastRaw = raw;
    lastParsed = hit;
    return hit;
  };

  return (fields) => {
    if (!fields || fields.length !== columns.width) return { ok: false, reason: 'malformed_line' };
    const invoice = fields[columns.invoice].trim().toUpperCase();
    if (invoice === '') return { ok: false, reason: 'missing_invoice' };
    const stockCode = normaliseStockCode(fields[columns.stockCode]);
    if (stockCode === '') return { ok: false, reason: 'missing_stock_code' };
    const quantityText = fields[columns.quantity].trim();
    const quantity = INTEGER.test(quantityText) ? parseInt(quantityText, 10) : NaN;
    if (!(quantity !== 0 && Math.abs(quantity) <= 2_147_483_647)) return { ok: false, reason: 'bad_quantity' };
    const priceUnits = parseMoneyUnits(fields[columns.unitPrice].trim());
    if (priceUnits === null || Math.abs(priceUnits) >= MAX_PRICE_UNITS) return { ok: false, reason: 'bad_price' };
    const occurred = readDate(fields[columns.invoiceDate]);
    if (!occurred) return { ok: false, reason: 'bad_date' };
    const customerId = normaliseCustomerId(fields[columns.customerId]);
    if (customerId === undefined) return { ok: false, reason: 'bad_customer_id' };
    const description = fields[columns.description].trim();
    const country = fields[columns.country].trim();
    return {
      ok: true,
      row: {
        invoice,
        cancelled: invoice.startsWith('C'),
        stockCode,
        service: SERVICE_STOCK_CODES.has(stockCode),
        description: description === '' ? null : description,
        quantity,
        priceUnits,
        occurredAtMs: occurred.ms,
        occurredAtIso: occurred.iso,
        customerId,
        country: country === '' || country.toLowerCase() === 'unspecified' ? null : country,
      },
    };
  };
}
