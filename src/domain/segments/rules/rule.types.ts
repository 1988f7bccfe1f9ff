/** The AST of a custom segment rule (stored as `segments.rule_ast`, compiled to SQL by `compileRule`). */

/** Profile and user fields a rule may compare, with the type their values must have. */
export const RULE_FIELDS = {
  rfmSegment: 'string',
  rfmScore: 'string',
  country: 'string',
  recency: 'number',
  frequency: 'number',
  monetary: 'number',
  clv: 'number',
  probabilityAlive: 'number',
  expectedPurchases90d: 'number',
  propensity: 'number',
} as const;

export type RuleField = keyof typeof RULE_FIELDS;
export type RuleValue = string | number;
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type RuleNode =
  | { type: 'and' | 'or'; left: RuleNode; right: RuleNode }
  | { type: 'not'; operand: RuleNode }
  | { type: 'compare'; field: RuleField; op: CompareOp; value: RuleValue }
  | { type: 'in'; field: RuleField; values: RuleValue[] }
  | { type: 'boughtCategory'; categoryId: string };

/** Bounds that keep a rule cheap to parse and to run. */
export const RULE_LIMITS = { maxLength: 2000, maxDepth: 32, maxListValues: 100 } as const;
