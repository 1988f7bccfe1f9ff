import { SqlParams } from '../../src/domain/common/sql';
import { compileRule, parseRule, RuleSyntaxError, tokenize } from '../../src/domain/segments/rules';

function syntaxError(rule: string): RuleSyntaxError {
  try {
    parseRule(rule);
  } catch (error) {
    if (error instanceof RuleSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(rule)} not to parse`);
}

describe('segment rule parser', () => {
  it('parses the documented example with and binding tighter than or', () => {
    expect(parseRule('rfmSegment in ["Champions", "Loyal"] and clv > 100 and country = "DE"')).toEqual({
      type: 'and',
      left: {
        type: 'and',
        left: { type: 'in', field: 'rfmSegment', values: ['Champions', 'Loyal'] },
        right: { type: 'compare', field: 'clv', op: '>', value: 100 },
      },
      right: { type: 'compare', field: 'country', op: '=', value: 'DE' },
    });
    expect(parseRule('recency <= 30 or frequency >= 3 and monetary > 1.5e2')).toEqual({
      type: 'or',
      left: { type: 'compare', field: 'recency', op: '<=', value: 30 },
      right: {
        type: 'and',
        left: { type: 'compare', field: 'frequency', op: '>=', value: 3 },
        right: { type: 'compare', field: 'monetary', op: '>', value: 150 },
      },
    });
  });

  it('parses parentheses, not, not in, bought category and case-insensitive keywords', () => {
    expect(parseRule('NOT (propensity > 0.5 OR country != \'FR\') And bought category "0123"')).toEqual({
      type: 'and',
      left: {
        type: 'not',
        operand: {
          type: 'or',
          left: { type: 'compare', field: 'propensity', op: '>', value: 0.5 },
          right: { type: 'compare', field: 'country', op: '!=', value: 'FR' },
        },
      },
      right: { type: 'boughtCategory', categoryId: '123' },
    });
    expect(parseRule('country not in ["DE"]')).toEqual({ type: 'not', operand: { type: 'in', field: 'country', values: ['DE'] } });
    expect(parseRule('bought category 7')).toEqual({ type: 'boughtCategory', categoryId: '7' });
    expect(parseRule('country = "it\'s \\"x\\""')).toEqual({ type: 'compare', field: 'country', op: '=', value: 'it\'s "x"' });
    expect(parseRule('recency < -1')).toMatchObject({ value: -1 });
  });

  it.each([
    ['clv >', 5, 'a number (clv is numeric)', 'end of rule'],
    ['rfmSegment in ["Champions", "Loyal"] and clv >> 100', 46, 'a number (clv is numeric)', '">"'],
    ['rfmSegment in ["Champions" "Loyal"]', 27, '"," or "]"', '"Loyal"'],
    ['clv > 100 country = "DE"', 10, '"and", "or" or end of rule', '"country"'],
    ['colour = "red"', 0, 'a field', '"colour"'],
    ['(recency < 3', 12, '")", "and" or "or"', 'end of rule'],
    ['country > "DE"', 8, '=, != or "in" (country is text)', '">"'],
    ['country = 5', 10, 'a quoted string (country is text)', '"5"'],
    ['rfmSegment = "Champs"', 13, 'an RFM segment', '"Champs"'],
    ['bought "12"', 7, '"category" after "bought"', '"12"'],
    ['bought category "abc"', 16, 'a category id such as "123"', '"abc"'],
    ['country = "DE', 10, 'a closing "', 'end of rule'],
    ['clv > 1 ; DROP TABLE users', 8, 'a field, value, operator or parenthesis', '";"'],
    ['', 0, 'a condition', 'end of rule'],
    ['clv in []', 8, 'a number (clv is numeric)', '"]"'],
    ['clv > 1e999', 6, 'a number (clv is numeric)', '"1e999"'],
  ])('rejects %j at position %i', (rule, position, expected, found) => {
    const error = syntaxError(rule);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.position).toBe(position);
    expect(error.expected.startsWith(expected)).toBe(true);
    expect(error.found).toBe(found);
    expect(error.extensions).toMatchObject({ field: 'input.rule', position, column: position + 1 });
    expect(error.message).toContain(`at position ${position}: expected ${expected}`);
  });

  it('limits nesting, list length and rule length without overflowing the stack', () => {
    expect(syntaxError('('.repeat(500) + 'clv > 1' + ')'.repeat(500)).expected).toBe('at most 32 nested levels');
    expect(syntaxError('not '.repeat(100) + 'clv > 1').expected).toBe('at most 32 nested levels');
    expect(syntaxError(`clv in [${Array.from({ length: 101 }, (_, i) => i).join(', ')}]`).expected).toBe('at most 100 values in a list');
    expect(syntaxError(`clv > ${'1'.repeat(2001)}`).expected).toMatch(/at most 2000 characters/);
  });

  it('tokenizes with offsets', () => {
    expect(tokenize('a<=1 "x"').map((t) => [t.kind, t.position])).toEqual([
      ['word', 0], ['op', 1], ['number', 3], ['string', 5], ['end', 8],
    ]);
  });
});

describe('segment rule compiler', () => {
  it('keeps every value out of the SQL text (injection attempts become parameters)', () => {
    const params = new SqlParams();
    const evil = `DE' OR 1=1; DROP TABLE users; --`;
    const sql = compileRule(
      parseRule(`country = ${JSON.stringify(evil)} or rfmSegment in ["Can't lose"] or bought category "5" or not clv >= 2`),
      params,
    );
    expect(sql).not.toContain('DROP');
    expect(sql).not.toContain("Can't");
    expect(sql).toContain('coalesce(u.country = $1::text, false)');
    expect(sql).toContain('coalesce(p.rfm_segment = ANY($2::text[]), false)');
    expect(sql).toContain('(NOT coalesce(p.clv >= $4::float8, false))');
    expect(params.values).toEqual([evil, ["Can't lose"], '5', 2]);
  });

  it('refuses a tampered AST rather than splicing its field or operator', () => {
    const params = new SqlParams();
    expect(() => compileRule({ type: 'compare', field: 'clv; DROP' as never, op: '>', value: 1 }, params)).toThrow(/unknown field/);
    expect(() => compileRule({ type: 'compare', field: 'clv', op: 'OR 1=1' as never, value: 1 }, params)).toThrow(/unknown operator/);
    expect(() => compileRule({ type: 'boughtCategory', categoryId: '1 OR 1=1' }, params)).toThrow(/invalid category/);
  });
});
