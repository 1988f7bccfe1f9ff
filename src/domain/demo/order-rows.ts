import type { ProductModel } from './product-model';
import type { UserModel } from './customers.generator';
import type { DraftOrder } from './demand.generator';
import type { DemoOrder, DemoOrderLine, DemoUser } from './demo.types';

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/**
 * Turns draft orders and returns into table rows, in time order: purchases are numbered demo-o000001…, returns
 * demo-r000001…. A cancelled order keeps its lines and gets one reversal line (negative) per line at the same
 * time; its total is what was ordered. A return's total is negative.
 */
export function toOrderRows(
  drafts: readonly DraftOrder[],
  users: readonly UserModel[],
  userRows: readonly DemoUser[],
  products: readonly ProductModel[],
): { orders: DemoOrder[]; lines: DemoOrderLine[] } {
  const sorted = drafts.slice().sort((a, b) => a.placedAt - b.placedAt || a.seq - b.seq);
  const ids = new Map<DraftOrder, string>();
  let purchases = 0;
  let returns = 0;
  for (const draft of sorted) {
    const n = draft.returnOf ? ++returns : ++purchases;
    ids.set(draft, `${draft.returnOf ? 'demo-r' : 'demo-o'}${String(n).padStart(6, '0')}`);
  }
  const orders: DemoOrder[] = [];
  const lines: DemoOrderLine[] = [];
  for (const draft of sorted) {
    const externalId = ids.get(draft)!;
    const user = userRows[users[draft.user].index];
    orders.push({
      externalId,
      userExternalId: user.externalId,
      placedAt: draft.placedAt,
      total: round4(draft.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0)),
      cancelled: draft.cancelled,
      country: user.country,
      returnOf: draft.returnOf ? ids.get(draft.returnOf)! : null,
    });
    lines.push(...linesOf(draft, externalId, products));
  }
  return { orders, lines };
}

function linesOf(draft: DraftOrder, orderExternalId: string, products: readonly ProductModel[]): DemoOrderLine[] {
  const rows = draft.lines.map((l, i) => ({
    orderExternalId,
    lineNo: i + 1,
    productExternalId: products[l.product].externalId,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    placedAt: draft.placedAt,
  }));
  if (!draft.cancelled) return rows;
  const reversals = rows.map((row, i) => ({ ...row, lineNo: rows.length + i + 1, quantity: -row.quantity }));
  return rows.concat(reversals);
}
