import type { SeriesCell, SeriesFrame } from './series.types';

/** An order line held in memory (the demo generator's rows), with what the netting rule needs of its order. */
export interface MemoryLine {
  key: string;
  /** Epoch milliseconds. */
  placedAt: number;
  quantity: number;
  unitPrice: number;
  orderCancelled: boolean;
  /** The order has at least one negative line. */
  orderHasNegative: boolean;
}

/**
 * The in-memory twin of series.sql.ts (same netting rule, same periods), for evaluations that run on a
 * generated shop without a database.
 */
export function aggregateLines(lines: Iterable<MemoryLine>, frame: SeriesFrame): SeriesCell[] {
  const cells = new Map<string, SeriesCell>();
  const endMs = frame.startMs + frame.periods * frame.stepMs;
  for (const l of lines) {
    if (l.placedAt < frame.startMs || l.placedAt >= endMs) continue;
    if (l.orderCancelled && l.quantity > 0 && !l.orderHasNegative) continue;
    const period = Math.floor((l.placedAt - frame.startMs) / frame.stepMs);
    const id = `${l.key}\u0000${period}`;
    let cell = cells.get(id);
    if (!cell) cells.set(id, (cell = { key: l.key, period, quantity: 0, revenue: 0, soldQuantity: 0, soldRevenue: 0 }));
    cell.quantity += l.quantity;
    cell.revenue += l.quantity * l.unitPrice;
    if (l.quantity > 0 && !l.orderCancelled) {
      cell.soldQuantity += l.quantity;
      cell.soldRevenue += l.quantity * l.unitPrice;
    }
  }
  return [...cells.values()];
}
