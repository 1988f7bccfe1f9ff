import { findCycle } from '../../src/domain/catalog/category-tree';
import { BadUserInputError } from '../../src/domain/common/errors';
import { exactlyOneKey, parseId } from '../../src/domain/common/ids';
import { checkUniqueKeys, InputCheck } from '../../src/domain/common/input-check';
import { orderTotal } from '../../src/domain/orders/order-input';

function thrown(fn: () => unknown): BadUserInputError {
  try {
    fn();
  } catch (error) {
    return error as BadUserInputError;
  }
  throw new Error('expected an error');
}

describe('batch input checks', () => {
  it('reports the lowest row first, lists the rest, and names fields in the message', () => {
    const check = new InputCheck();
    check.number('input[10].price', -1, 0, 10);
    check.text('input[2].name', '', 10);
    check.optionalInteger('input[3].quantity', 1.5, 0);
    const error = thrown(() => check.throwIfFailed());
    expect(error.message).toBe('input[2].name: must be a non-empty string');
    expect(error.extensions).toEqual({
      field: 'input[2].name',
      errors: [
        { field: 'input[2].name', message: 'must be a non-empty string' },
        { field: 'input[3].quantity', message: 'must be an integer' },
        { field: 'input[10].price', message: 'must be at least 0' },
      ],
    });
  });

  it('accepts valid values and rejects non-finite numbers, NUL and over-long text', () => {
    const check = new InputCheck();
    expect(check.number('a', 5, 0, 10)).toBe(true);
    expect(check.optionalText('b', undefined, 3)).toBe(true);
    expect(check.failed).toBe(false);
    expect(check.number('c', NaN, 0, 10)).toBe(false);
    expect(check.number('d', Infinity, 0, Infinity)).toBe(false);
    expect(check.text('e', 'a\u0000', 10)).toBe(false);
    expect(check.text('f', 'abcd', 3)).toBe(false);
    expect(check.optionalAttributes('g', { s: 'x\u0000' })).toBe(false);
    expect(check.optionalDate('h', new Date('nope'))).toBe(false);
  });

  it('flags every repeat of a key with the row it repeats', () => {
    const check = new InputCheck();
    checkUniqueKeys(check, ['a', 'b', 'a', 'a'], 'externalId');
    expect(thrown(() => check.throwIfFailed()).extensions.errors).toEqual([
      { field: 'input[2].externalId', message: 'duplicate externalId "a" (also input[0])' },
      { field: 'input[3].externalId', message: 'duplicate externalId "a" (also input[0])' },
    ]);
  });
});

describe('ids', () => {
  it('accepts decimal bigints only', () => {
    expect(parseId('0042', 'id')).toBe('42');
    for (const bad of ['', 'abc', '-1', '1.5', '1234567890123456789', '1 OR 1=1']) {
      expect(thrown(() => parseId(bad, 'id')).field).toBe('id');
    }
  });

  it('wants exactly one of id and externalId', () => {
    expect(exactlyOneKey({ id: '5' })).toEqual({ id: '5' });
    expect(exactlyOneKey({ externalId: 'x', id: null })).toEqual({ externalId: 'x' });
    expect(thrown(() => exactlyOneKey({})).code).toBe('BAD_USER_INPUT');
    expect(thrown(() => exactlyOneKey({ id: '1', externalId: 'x' })).code).toBe('BAD_USER_INPUT');
  });
});

describe('category cycles', () => {
  const tree: Record<string, string | null> = { a: null, b: 'a', c: 'b', x: 'y', y: 'x' };
  const parentOf = (id: string) => tree[id];

  it('finds the cycle through the start node and none on a path to a root', () => {
    expect(findCycle('c', parentOf, 10)).toBeUndefined();
    expect(findCycle('x', parentOf, 10)).toEqual(['x', 'y', 'x']);
    expect(findCycle('s', (id) => (id === 's' ? 's' : null), 10)).toEqual(['s', 's']);
  });

  it('stops on a cycle that does not pass through the start', () => {
    expect(findCycle('q', (id) => (id === 'q' ? 'x' : parentOf(id)), 10)).toBeUndefined();
  });
});

describe('order totals', () => {
  it('sums quantity × unit price over the lines, returns included, to 4 decimals', () => {
    expect(
      orderTotal([
        { productExternalId: 'a', quantity: 3, unitPrice: 0.1 },
        { productExternalId: 'b', quantity: -1, unitPrice: 0.2 },
      ]),
    ).toBe(0.1);
  });
});
