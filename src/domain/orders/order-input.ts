import { checkBatchSize, checkUniqueKeys, InputCheck, LIMITS, rowField } from '../common/input-check';

/** One line of an order as a shop sends it; a negative quantity is a return. */
export interface OrderLineInput {
  productExternalId: string;
  quantity: number;
  unitPrice: number;
}

/**
 * One order as a shop sends it. A replay (same externalId) replaces the stored order and its lines; the total
 * is always computed from the lines. No userExternalId means a guest order.
 */
export interface OrderInput {
  externalId: string;
  userExternalId?: string | null;
  placedAt: Date;
  lines: OrderLineInput[];
  cancelled?: boolean | null;
  country?: string | null;
}

/** Half a unit of the fourth decimal: numeric(14,4) money that compares equal within it is the same amount. */
export const MONEY_EPSILON = 5e-5;

/** Σ quantity × unitPrice, rounded to the 4 decimals the total column keeps. */
export function orderTotal(lines: readonly OrderLineInput[]): number {
  const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  return Math.round(total * 1e4) / 1e4;
}

function checkLines(check: InputCheck, order: OrderInput, i: number): void {
  const field = rowField(i, 'lines');
  if (!Array.isArray(order.lines) || order.lines.length === 0) {
    check.fail(field, 'must have at least one line');
    return;
  }
  order.lines.forEach((line, j) => {
    const f = (name: string) => `${field}[${j}].${name}`;
    check.text(f('productExternalId'), line.productExternalId, LIMITS.externalId);
    if (!Number.isInteger(line.quantity) || line.quantity === 0 || Math.abs(line.quantity) > 2147483647) {
      check.fail(f('quantity'), 'must be a non-zero 32-bit integer');
    }
    check.number(f('unitPrice'), line.unitPrice, 0, LIMITS.money);
  });
  if (!check.failed && Math.abs(orderTotal(order.lines)) >= LIMITS.total) check.fail(field, 'order total out of range');
}

/** Validates a whole recordOrders batch (size, shapes, duplicate externalIds); throws BAD_USER_INPUT on any error. */
export function checkOrders(input: readonly OrderInput[], maxBatch: number): InputCheck {
  checkBatchSize(input, maxBatch);
  const check = new InputCheck();
  input.forEach((order, i) => {
    check.text(rowField(i, 'externalId'), order.externalId, LIMITS.externalId);
    check.optionalText(rowField(i, 'userExternalId'), order.userExternalId, LIMITS.externalId);
    if (!(order.placedAt instanceof Date) || Number.isNaN(order.placedAt.getTime())) {
      check.fail(rowField(i, 'placedAt'), 'must be a valid date-time');
    }
    check.optionalText(rowField(i, 'country'), order.country, LIMITS.shortText);
    checkLines(check, order, i);
  });
  checkUniqueKeys(check, input.map((order) => order.externalId), 'externalId');
  check.throwIfFailed();
  return check;
}
