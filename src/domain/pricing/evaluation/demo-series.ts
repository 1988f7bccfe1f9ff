import type { DemoShop } from '../../demo';
import { aggregateLines, buildSeries, seriesFrame, type MemoryLine, type SalesSeries } from '../../forecasts/series';

/** The root (department) of each demo category. */
function rootsOf(shop: DemoShop): Map<string, string> {
  const parent = new Map(shop.categories.map((c) => [c.externalId, c.parentExternalId]));
  const root = (id: string): string => {
    const p = parent.get(id);
    return p ? root(p) : id;
  };
  return new Map(shop.categories.map((c) => [c.externalId, root(c.externalId)]));
}

/**
 * Daily series of a generated demo shop, built in memory with the same netting rule as the SQL: per product
 * (keyed by external id) and per department (keyed by the root category's external id).
 */
export function demoDailySeries(shop: DemoShop): { products: Map<string, SalesSeries>; departments: Map<string, SalesSeries>; departmentOf: Map<string, string> } {
  const frame = seriesFrame({ from: shop.truth.window.startDate, to: shop.truth.window.endDate }, 'DAY');
  const cancelled = new Set(shop.orders.filter((o) => o.cancelled).map((o) => o.externalId));
  const withNegative = new Set(shop.lines.filter((l) => l.quantity < 0).map((l) => l.orderExternalId));
  const roots = rootsOf(shop);
  const categoryOf = new Map(shop.products.map((p) => [p.externalId, p.categoryExternalId]));
  const departmentOf = new Map(shop.products.map((p) => [p.externalId, roots.get(p.categoryExternalId)!]));
  const lines: MemoryLine[] = shop.lines.map((l) => ({
    key: l.productExternalId,
    placedAt: l.placedAt,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    orderCancelled: cancelled.has(l.orderExternalId),
    orderHasNegative: withNegative.has(l.orderExternalId),
  }));
  const productCells = aggregateLines(lines, frame);
  const departmentCells = productCells.map((c) => ({ ...c, key: roots.get(categoryOf.get(c.key)!)! }));
  const departments = [...new Set(roots.values())];
  return {
    products: buildSeries(shop.products.map((p) => p.externalId), productCells, frame),
    departments: buildSeries(departments, departmentCells, frame),
    departmentOf,
  };
}
