import { RuleSyntaxError } from './rule-syntax.error';

export type TokenKind = 'word' | 'string' | 'number' | 'op' | '(' | ')' | '[' | ']' | ',' | 'end';

/** One token and the 0-based offset where it starts. */
export interface Token {
  kind: TokenKind;
  text: string;
  /** The decoded value: the string without quotes and escapes, the number; the text otherwise. */
  value: string | number;
  position: number;
}

const PUNCTUATION = new Set(['(', ')', '[', ']', ',']);
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const OPERATOR = /!=|<=|>=|=|<|>/y;

/** Describes a token for messages: `"and"`, `"Champions"`, `end of rule`. */
export function describe(token: Token): string {
  if (token.kind === 'end') return 'end of rule';
  const text = token.text.length > 30 ? `${token.text.slice(0, 30)}…` : token.text;
  return token.kind === 'string' ? text : JSON.stringify(text);
}

function readString(rule: string, start: number): Token {
  const quote = rule[start];
  let value = '';
  for (let i = start + 1; i < rule.length; i++) {
    const c = rule[i];
    if (c === quote) return { kind: 'string', text: rule.slice(start, i + 1), value, position: start };
    if (c === '\\') {
      const next = rule[i + 1];
      if (next !== quote && next !== '\\') throw new RuleSyntaxError(i, `\\${quote} or \\\\ after a backslash`, next === undefined ? 'end of rule' : JSON.stringify(`\\${next}`));
      value += next;
      i++;
    } else value += c;
  }
  throw new RuleSyntaxError(start, `a closing ${quote}`, 'end of rule');
}

function match(pattern: RegExp, rule: string, at: number): string | null {
  pattern.lastIndex = at;
  const m = pattern.exec(rule);
  return m ? m[0] : null;
}

/**
 * Splits a rule into tokens: words (fields and keywords), "double" or 'single' quoted strings (with \" and \\
 * escapes), numbers, comparison operators and ( ) [ ] ,. Anything else is a RuleSyntaxError at its offset.
 */
export function tokenize(rule: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < rule.length) {
    const c = rule[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let token: Token | null = null;
    if (PUNCTUATION.has(c)) token = { kind: c as TokenKind, text: c, value: c, position: i };
    else if (c === '"' || c === "'") token = readString(rule, i);
    else {
      const word = match(WORD, rule, i);
      const num = word ? null : match(NUMBER, rule, i);
      const op = word || num ? null : match(OPERATOR, rule, i);
      if (word) token = { kind: 'word', text: word, value: word, position: i };
      else if (num) token = { kind: 'number', text: num, value: Number(num), position: i };
      else if (op) token = { kind: 'op', text: op, value: op, position: i };
    }
    if (!token) throw new RuleSyntaxError(i, 'a field, value, operator or parenthesis', JSON.stringify(c));
    tokens.push(token);
    i += token.text.length;
  }
  tokens.push({ kind: 'end', text: '', value: '', position: rule.length });
  return tokens;
}
