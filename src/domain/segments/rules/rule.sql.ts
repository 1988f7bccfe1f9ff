import type { SqlParams } from '../../common/sql';
import type { CompareOp, RuleField, RuleNode } from './rule.types';

/** Where each rule field lives: `p` is customer_profiles, `u` is users. Only these texts ever reach SQL. */
const COLUMNS: Record<RuleField, { sql: string; array: string }> = {
  rfmSegment: { sql: 'p.rfm_segment', array: 'text[]' },
  rfmScore: { sql: 'p.rfm_score', array: 'text[]' },
  country: { sql: 'u.country', array: 'text[]' },
  recency: { sql: 'p.recency', array: 'float8[]' },
  frequency: { sql: 'p.frequency', array: 'float8[]' },
  monetary: { sql: 'p.monetary', array: 'float8[]' },
  clv: { sql: 'p.clv', array: 'float8[]' },
  probabilityAlive: { sql: 'p.probability_alive', array: 'float8[]' },
  expectedPurchases90d: { sql: 'p.expected_purchases_90d', array: 'float8[]' },
  propensity: { sql: 'p.propensity', array: 'float8[]' },
};

const OPS: ReadonlySet<CompareOp> = new Set(['=', '!=', '<', '<=', '>', '>=']);

function column(field: RuleField): { sql: string; array: string } {
  const c = Object.prototype.hasOwnProperty.call(COLUMNS, field) ? COLUMNS[field] : undefined;
  if (!c) throw new Error(`rule AST names an unknown field ${JSON.stringify(field)}`);
  return c;
}

/** A purchase (not cancelled, positive quantity) of a product in the category or any category below it. */
function boughtCategory(categoryId: string, params: SqlParams): string {
  return `EXISTS (
    SELECT 1 FROM orders o
    JOIN order_lines l ON l.order_id = o.id
    JOIN products pr ON pr.id = l.product_id
    WHERE o.user_id = u.id AND NOT o.cancelled AND l.quantity > 0
      AND pr.category_id IN (
        WITH RECURSIVE sub(id) AS (
          SELECT ${params.add(categoryId, 'bigint')}
          UNION SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id)
        SELECT id FROM sub))`;
}

/**
 * Compiles a rule to a boolean SQL condition over `customer_profiles p JOIN users u`. Values always travel as
 * parameters (`params.add`); field names and operators are looked up in fixed tables, so nothing a client wrote
 * is spliced into the text. A missing value (e.g. clv of a one-time buyer) makes a comparison false, never
 * unknown, so `not` is the plain complement.
 */
export function compileRule(node: RuleNode, params: SqlParams): string {
  switch (node.type) {
    case 'and':
    case 'or':
      return `(${compileRule(node.left, params)} ${node.type.toUpperCase()} ${compileRule(node.right, params)})`;
    case 'not':
      return `(NOT ${compileRule(node.operand, params)})`;
    case 'compare': {
      if (!OPS.has(node.op)) throw new Error(`rule AST has an unknown operator ${JSON.stringify(node.op)}`);
      const c = column(node.field);
      const value = typeof node.value === 'number' ? params.add(node.value, 'float8') : params.add(String(node.value), 'text');
      return `coalesce(${c.sql} ${node.op === '!=' ? '<>' : node.op} ${value}, false)`;
    }
    case 'in': {
      const c = column(node.field);
      const values = c.array === 'text[]' ? node.values.map(String) : node.values.map(Number);
      return `coalesce(${c.sql} = ANY(${params.add(values, c.array)}), false)`;
    }
    case 'boughtCategory':
      if (!/^\d{1,18}$/.test(node.categoryId)) throw new Error('rule AST has an invalid category id');
      return boughtCategory(node.categoryId, params);
    default:
      throw new Error(`rule AST has an unknown node ${JSON.stringify((node as { type?: unknown }).type)}`);
  }
}

/** The category ids a rule names (the service checks they exist before saving it). */
export function ruleCategoryIds(node: RuleNode): string[] {
  switch (node.type) {
    case 'and':
    case 'or':
      return [...ruleCategoryIds(node.left), ...ruleCategoryIds(node.right)];
    case 'not':
      return ruleCategoryIds(node.operand);
    case 'boughtCategory':
      return [node.categoryId];
    default:
      return [];
  }
}
