import { onlineRetailBatches } from '../../../data/import/online-retail.rows';
import type { OnlineRetailRow } from '../../../data/import/online-retail.normaliser';

/**
 * Customer purchases as parallel columns with dense 0-based ids (customers, stock codes and invoices numbered in
 * order of first appearance), so chronological splits index arrays instead of hashing strings.
 */
export interface PurchaseLog {
  customers: Int32Array;
  items: Int32Array;
  invoices: Int32Array;
  quantities: Int32Array;
  /** Unix milliseconds (UTC). */
  times: Float64Array;
  /** Original ids by dense id, for reports. */
  customerIds: string[];
  itemIds: string[];
}

/** One purchase before numbering. */
export interface Purchase {
  customer: string;
  item: string;
  invoice: string;
  quantity: number;
  timeMs: number;
}

/**
 * Whether an Online Retail row is a customer purchase: a known customer (guests have no history to learn from),
 * a positive quantity on an invoice that is not a cancellation, and merchandise (service codes such as POST or
 * bank charges are not things a shopper picks; the importer emits no PURCHASE events for them either).
 */
export function isCustomerPurchase(row: OnlineRetailRow): boolean {
  return row.customerId !== null && row.quantity > 0 && !row.cancelled && !row.service;
}

/** Numbers customers, items and invoices densely and lays purchases out as columns (row order kept). */
export function toPurchaseLog(purchases: readonly Purchase[]): PurchaseLog {
  const numbering = () => {
    const index = new Map<string, number>();
    const ids: string[] = [];
    const of = (id: string) => {
      let at = index.get(id);
      if (at === undefined) {
        at = ids.length;
        index.set(id, at);
        ids.push(id);
      }
      return at;
    };
    return { of, ids };
  };
  const customers = numbering();
  const items = numbering();
  const invoices = numbering();
  const n = purchases.length;
  const log: PurchaseLog = {
    customers: new Int32Array(n), items: new Int32Array(n), invoices: new Int32Array(n),
    quantities: new Int32Array(n), times: new Float64Array(n), customerIds: customers.ids, itemIds: items.ids,
  };
  purchases.forEach((p, r) => {
    log.customers[r] = customers.of(p.customer);
    log.items[r] = items.of(p.item);
    log.invoices[r] = invoices.of(p.invoice);
    log.quantities[r] = p.quantity;
    log.times[r] = p.timeMs;
  });
  return log;
}

/** What reading a file kept and dropped. */
export interface PurchaseLogRead {
  log: PurchaseLog;
  rowsRead: number;
  /** Rows the importer's normaliser rejects (malformed, bad date…). */
  rowsUnreadable: number;
  /** Readable rows that are not customer purchases (guests, returns, cancellations, service codes). */
  rowsNotPurchases: number;
}

/**
 * Reads an Online Retail CSV (plain or gzip) with the importer's CSV reader and normaliser, so the evaluation
 * sees exactly the rows an import would keep, and keeps the customer purchases (`isCustomerPurchase`).
 */
export async function readOnlineRetailPurchases(file: string): Promise<PurchaseLogRead> {
  const purchases: Purchase[] = [];
  let rowsRead = 0;
  let rowsUnreadable = 0;
  for await (const batch of onlineRetailBatches(file)) {
    for (const { result } of batch.rows) {
      rowsRead++;
      if (!result.ok) rowsUnreadable++;
      else if (isCustomerPurchase(result.row)) {
        const { customerId, stockCode, invoice, quantity, occurredAtMs } = result.row;
        purchases.push({ customer: customerId!, item: stockCode, invoice, quantity, timeMs: occurredAtMs });
      }
    }
  }
  return { log: toPurchaseLog(purchases), rowsRead, rowsUnreadable, rowsNotPurchases: rowsRead - rowsUnreadable - purchases.length };
}
