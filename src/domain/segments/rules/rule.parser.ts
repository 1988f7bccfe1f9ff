import { RFM_SEGMENTS } from '../rfm/rfm.types';
import { RuleSyntaxError } from './rule-syntax.error';
import { describe, Token, tokenize } from './rule.tokenizer';
import { CompareOp, RULE_FIELDS, RULE_LIMITS, RuleField, RuleNode, RuleValue } from './rule.types';

/**
 * The custom segment rule language, parsed by recursive descent (lowest precedence first):
 *
 *   rule       := or end
 *   or         := and ("or" and)*
 *   and        := unary ("and" unary)*
 *   unary      := "not" unary | primary
 *   primary    := "(" or ")" | "bought" "category" id | field comparison
 *   comparison := op value | ["not"] "in" "[" value ("," value)* "]"
 *   op         := "=" | "!=" | "<" | "<=" | ">" | ">="
 *
 * Keywords are case-insensitive; fields are the camelCase names of RULE_FIELDS. Numeric fields take numbers and
 * every operator; text fields (rfmSegment, rfmScore, country) take strings with =, != and in; rfmSegment values must
 * be RFM segment names. Every error is a RuleSyntaxError at the offending token's offset.
 */
export function parseRule(rule: string): RuleNode {
  if (rule.length > RULE_LIMITS.maxLength) {
    throw new RuleSyntaxError(RULE_LIMITS.maxLength, `a rule of at most ${RULE_LIMITS.maxLength} characters`, `${rule.length} characters`);
  }
  const parser = new Parser(tokenize(rule));
  const ast = parser.or(0);
  parser.expectEnd();
  return ast;
}

const FIELD_LIST = Object.keys(RULE_FIELDS).join(', ');
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'bought', 'category']);

function isField(word: string): word is RuleField {
  return Object.prototype.hasOwnProperty.call(RULE_FIELDS, word);
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  private get token(): Token {
    return this.tokens[this.index];
  }

  private fail(expected: string, token = this.token): never {
    throw new RuleSyntaxError(token.position, expected, describe(token));
  }

  /** Consumes the keyword if it is next (case-insensitive). */
  private keyword(word: string): boolean {
    const t = this.token;
    if (t.kind === 'word' && t.text.toLowerCase() === word) {
      this.index++;
      return true;
    }
    return false;
  }

  private punct(kind: Token['kind'], expected: string): Token {
    const t = this.token;
    if (t.kind !== kind) this.fail(expected);
    this.index++;
    return t;
  }

  expectEnd(): void {
    if (this.token.kind !== 'end') this.fail('"and", "or" or end of rule');
  }

  or(depth: number): RuleNode {
    let left = this.and(depth);
    while (this.keyword('or')) left = { type: 'or', left, right: this.and(depth) };
    return left;
  }

  private and(depth: number): RuleNode {
    let left = this.unary(depth);
    while (this.keyword('and')) left = { type: 'and', left, right: this.unary(depth) };
    return left;
  }

  private unary(depth: number): RuleNode {
    if (depth >= RULE_LIMITS.maxDepth) this.fail(`at most ${RULE_LIMITS.maxDepth} nested levels`);
    if (this.keyword('not')) return { type: 'not', operand: this.unary(depth + 1) };
    return this.primary(depth);
  }

  private primary(depth: number): RuleNode {
    const t = this.token;
    if (t.kind === '(') {
      this.index++;
      const inner = this.or(depth + 1);
      this.punct(')', '")", "and" or "or"');
      return inner;
    }
    if (this.keyword('bought')) {
      if (!this.keyword('category')) this.fail('"category" after "bought"');
      return { type: 'boughtCategory', categoryId: this.categoryId() };
    }
    if (t.kind !== 'word' || !isField(t.text)) {
      const hint = t.kind === 'word' && !KEYWORDS.has(t.text.toLowerCase()) ? 'a field' : 'a condition';
      this.fail(`${hint} (${FIELD_LIST}), "bought category", "not" or "("`);
    }
    this.index++;
    return this.comparison(t.text);
  }

  private categoryId(): string {
    const t = this.token;
    const text = t.kind === 'string' ? String(t.value) : t.kind === 'number' ? t.text : '';
    if (!/^\d{1,18}$/.test(text) || /^0+$/.test(text)) this.fail('a category id such as "123"');
    this.index++;
    return text.replace(/^0+/, '');
  }

  private comparison(field: RuleField): RuleNode {
    const t = this.token;
    if (this.keyword('not')) {
      if (!this.keyword('in')) this.fail('"in" after "not"');
      return { type: 'not', operand: { type: 'in', field, values: this.list(field) } };
    }
    if (this.keyword('in')) return { type: 'in', field, values: this.list(field) };
    if (t.kind !== 'op') this.fail(`a comparison (=, !=, <, <=, >, >=) or "in" after ${field}`);
    const op = t.text as CompareOp;
    if (RULE_FIELDS[field] === 'string' && op !== '=' && op !== '!=') this.fail(`=, != or "in" (${field} is text)`);
    this.index++;
    return { type: 'compare', field, op, value: this.value(field) };
  }

  private list(field: RuleField): RuleValue[] {
    this.punct('[', '"[" starting a list');
    const values = [this.value(field)];
    while (this.token.kind === ',') {
      this.index++;
      if (values.length >= RULE_LIMITS.maxListValues) this.fail(`at most ${RULE_LIMITS.maxListValues} values in a list`);
      values.push(this.value(field));
    }
    this.punct(']', '"," or "]"');
    return values;
  }

  private value(field: RuleField): RuleValue {
    const t = this.token;
    if (RULE_FIELDS[field] === 'number') {
      if (t.kind !== 'number' || !Number.isFinite(t.value)) this.fail(`a number (${field} is numeric)`);
    } else {
      if (t.kind !== 'string') this.fail(`a quoted string (${field} is text)`);
      if (field === 'rfmSegment' && !(RFM_SEGMENTS as readonly string[]).includes(t.value as string)) {
        this.fail(`an RFM segment (${RFM_SEGMENTS.map((s) => JSON.stringify(s)).join(', ')})`);
      }
    }
    this.index++;
    return t.value;
  }
}
