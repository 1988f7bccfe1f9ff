import { RULE_FIELDS, type RuleField, type RuleNode, type RuleValue } from './rule.types';

/** Each rule field of a row (null where the profile column would be NULL), as a holder of profiles in memory reads it. */
export type RuleFieldReader = { readonly [F in RuleField]: (row: number) => RuleValue | null };

/**
 * Whether a rule can run on profiles held in memory with the same result as in PostgreSQL: everything but
 * `bought category` (it reads order lines) and `<`, `<=`, `>`, `>=` on text (the database's collation orders those).
 */
export function evaluableInMemory(node: RuleNode): boolean {
  switch (node.type) {
    case 'and':
    case 'or':
      return evaluableInMemory(node.left) && evaluableInMemory(node.right);
    case 'not':
      return evaluableInMemory(node.operand);
    case 'compare':
      return RULE_FIELDS[node.field] === 'number' || node.op === '=' || node.op === '!=';
    case 'in':
      return true;
    default:
      return false;
  }
}

const NUMBER_OPS = {
  '=': (a: number, b: number) => a === b,
  '!=': (a: number, b: number) => a !== b,
  '<': (a: number, b: number) => a < b,
  '<=': (a: number, b: number) => a <= b,
  '>': (a: number, b: number) => a > b,
  '>=': (a: number, b: number) => a >= b,
} as const;

/**
 * A rule as a predicate over rows, with `compileRule`'s meaning: values compare as the SQL parameters do (numbers as
 * float8, text exactly), a comparison with a missing value is false, and `not` is the plain complement. Throws for a
 * rule `evaluableInMemory` refuses.
 */
export function ruleMatcher(node: RuleNode, fields: RuleFieldReader): (row: number) => boolean {
  switch (node.type) {
    case 'and': {
      const [left, right] = [ruleMatcher(node.left, fields), ruleMatcher(node.right, fields)];
      return (row) => left(row) && right(row);
    }
    case 'or': {
      const [left, right] = [ruleMatcher(node.left, fields), ruleMatcher(node.right, fields)];
      return (row) => left(row) || right(row);
    }
    case 'not': {
      const operand = ruleMatcher(node.operand, fields);
      return (row) => !operand(row);
    }
    case 'compare': {
      const read = fields[node.field];
      if (RULE_FIELDS[node.field] === 'number') {
        const [test, value] = [NUMBER_OPS[node.op], Number(node.value)];
        return (row) => {
          const v = read(row);
          return v !== null && test(v as number, value);
        };
      }
      if (node.op !== '=' && node.op !== '!=') throw new Error(`${node.op} on text is ordered by the database's collation`);
      const [value, equal] = [String(node.value), node.op === '='];
      return (row) => {
        const v = read(row);
        return v !== null && (v === value) === equal;
      };
    }
    case 'in': {
      const read = fields[node.field];
      const values = new Set<RuleValue>(RULE_FIELDS[node.field] === 'number' ? node.values.map(Number) : node.values.map(String));
      return (row) => {
        const v = read(row);
        return v !== null && values.has(v);
      };
    }
    default:
      throw new Error(`rule node ${node.type} needs the database`);
  }
}
