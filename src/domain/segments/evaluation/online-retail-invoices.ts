import type { OnlineRetailSkipReason } from '../../../data/import/online-retail.normaliser';
import { onlineRetailBatches } from '../../../data/import/online-retail.rows';

/** One invoice of a known customer, folded from its lines: the unit the evaluations work on. */
export interface CustomerInvoice {
  customerId: string;
  invoice: string;
  cancelled: boolean;
  /** Earliest line's time (UTC ms), as the importer places orders. */
  placedAtMs: number;
  /** Σ quantity × unit price (negative for cancellations and returns). */
  net: number;
}

export interface OnlineRetailInvoices {
  invoices: CustomerInvoice[];
  rows: number;
  /** Rows of guests (no CustomerID): dropped. */
  guestRows: number;
  skipped: Partial<Record<OnlineRetailSkipReason, number>>;
  /** The latest invoice time in the file, guests included (the data set's "today"). */
  lastInvoiceMs: number;
}

/**
 * Reads the UCI Online Retail export with the importer's own CSV splitter and row normaliser, so quirks are
 * decided exactly as in `aisle import online-retail`, and folds rows into customer invoices in memory (no database).
 */
export async function readOnlineRetailInvoices(file: string): Promise<OnlineRetailInvoices> {
  const byInvoice = new Map<string, CustomerInvoice>();
  const skipped: Partial<Record<OnlineRetailSkipReason, number>> = {};
  let rows = 0;
  let guestRows = 0;
  let lastInvoiceMs = -Infinity;
  for await (const batch of onlineRetailBatches(file)) {
    for (const { result } of batch.rows) {
      rows++;
      if (!result.ok) {
        skipped[result.reason] = (skipped[result.reason] ?? 0) + 1;
        continue;
      }
      const row = result.row;
      if (row.occurredAtMs > lastInvoiceMs) lastInvoiceMs = row.occurredAtMs;
      if (row.customerId === null) {
        guestRows++;
        continue;
      }
      const value = (row.quantity * row.priceUnits) / 10_000;
      const known = byInvoice.get(row.invoice);
      if (known) {
        known.net += value;
        if (row.occurredAtMs < known.placedAtMs) known.placedAtMs = row.occurredAtMs;
      } else {
        byInvoice.set(row.invoice, {
          customerId: row.customerId, invoice: row.invoice, cancelled: row.cancelled, placedAtMs: row.occurredAtMs, net: value,
        });
      }
    }
  }
  const invoices = [...byInvoice.values()];
  for (const inv of invoices) inv.net = Math.round(inv.net * 10_000) / 10_000;
  return { invoices, rows, guestRows, skipped, lastInvoiceMs };
}

/** A purchase as the RFM loader defines it: not a cancellation, positive net value. */
export function isPurchase(inv: CustomerInvoice): boolean {
  return !inv.cancelled && inv.net > 0;
}
