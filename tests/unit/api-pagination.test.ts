import { BadUserInputError } from '../../src/domain/common/errors';
import { keysetSql, batchedKeysetSql } from '../../src/domain/common/keyset';
import { decodeCursor, encodeCursor, pageRequest, sliceRows, SortOrder, withTotal } from '../../src/domain/common/pagination';
import { SqlParams } from '../../src/domain/common/sql';

const BY_PRICE: SortOrder = { name: 't:PRICE', key: 'p.price', keyType: 'numeric', id: 'p.id', descending: false };
const BY_ID: SortOrder = { name: 't:ID', key: null, keyType: 'bigint', id: 'p.id', descending: false };
const NEWEST: SortOrder = { name: 't:NEW', key: 'p.created_at', keyType: 'timestamptz', id: 'p.id', descending: true };

function badField(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    return (error as BadUserInputError).field;
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('cursors and page arguments', () => {
  it('round-trips a position, keeping the key text exactly (microseconds included)', () => {
    const position = { key: '2026-11-28 16:43:24.631234+00', id: '42' };
    expect(decodeCursor(encodeCursor(NEWEST, position), NEWEST)).toEqual(position);
    expect(decodeCursor(encodeCursor(BY_ID, { key: null, id: '7' }), BY_ID)).toEqual({ key: null, id: '7' });
  });

  it('refuses cursors of another order, malformed ones and forged ids', () => {
    const cursor = encodeCursor(BY_PRICE, { key: '1.5', id: '3' });
    expect(badField(() => decodeCursor(cursor, NEWEST))).toBe('after');
    expect(badField(() => decodeCursor('%%%', BY_PRICE))).toBe('after');
    const forged = Buffer.from(JSON.stringify(['t:PRICE', '1', '1 OR 1=1'])).toString('base64url');
    expect(badField(() => decodeCursor(forged, BY_PRICE))).toBe('after');
    const keyless = Buffer.from(JSON.stringify(['t:PRICE', null, '1'])).toString('base64url');
    expect(badField(() => decodeCursor(keyless, BY_PRICE))).toBe('after');
  });

  it('defaults first to 20 and bounds it to 1..100', () => {
    expect(pageRequest({}, BY_ID).limit).toBe(20);
    expect(pageRequest({ first: null }, BY_ID).limit).toBe(20);
    expect(pageRequest({ first: 100 }, BY_ID).limit).toBe(100);
    for (const first of [0, 101, 2.5]) expect(badField(() => pageRequest({ first }, BY_ID))).toBe('first');
  });

  it('slices limit + 1 rows into a page whose next-page flag and cursors follow the rows', async () => {
    const request = pageRequest({ first: 2 }, BY_PRICE);
    const rows = [1, 2, 3].map((i) => ({ id: String(i), __key: `${i}.5` }));
    let counted = 0;
    const page = withTotal(sliceRows(rows, request, (row) => row.id), async () => ++counted);
    expect(page.edges.map((e) => e.node)).toEqual(['1', '2']);
    expect(page.hasNextPage).toBe(true);
    expect(decodeCursor(page.endCursor!, BY_PRICE)).toEqual({ key: '2.5', id: '2' });
    expect(await page.totalCount()).toBe(1);
    expect(await page.totalCount()).toBe(1);
    const last = sliceRows(rows.slice(0, 2), request, (row) => row.id);
    expect(last.hasNextPage).toBe(false);
  });
});

describe('keyset SQL', () => {
  it('continues after the cursor with a row comparison in the order direction, never OFFSET', () => {
    const params = new SqlParams();
    const request = pageRequest({ first: 5, after: encodeCursor(NEWEST, { key: 'k', id: '9' }) }, NEWEST);
    const sql = keysetSql({ select: 'p.id', from: 'products p', where: ['p.active'], params }, request);
    expect(sql).toMatch(/\(p\.created_at, p\.id\) < \(\$1::timestamptz, \$2::bigint\)/);
    expect(sql).toMatch(/ORDER BY p\.created_at DESC, p\.id DESC LIMIT 6/);
    expect(sql).not.toMatch(/OFFSET/i);
    expect(params.values).toEqual(['k', '9']);
  });

  it('orders by id alone when the order has no key, and batches parents through a lateral join', () => {
    const params = new SqlParams();
    const request = pageRequest({ first: 1, after: encodeCursor(BY_ID, { key: null, id: '4' }) }, BY_ID);
    const sql = batchedKeysetSql({ select: 'p.id', from: 'products p', where: ['p.x = __k.parent_id'], params }, ['1', '2'], request);
    expect(sql).toMatch(/p\.id > \$2::bigint/);
    expect(sql).toMatch(/unnest\(\$1::bigint\[\]\) AS __k\(parent_id\)\s+CROSS JOIN LATERAL/);
    expect(params.values).toEqual([['1', '2'], '4']);
  });
});
