import { OnlineRetailAggregator, pickName } from '../../src/data/import/online-retail.aggregator';
import type { OnlineRetailRow } from '../../src/data/import/online-retail.normaliser';

let clock = Date.parse('2011-01-01T10:00:00Z');
function line(overrides: Partial<OnlineRetailRow> = {}): OnlineRetailRow {
  const at = overrides.occurredAtMs ?? clock;
  return {
    invoice: '1',
    cancelled: false,
    stockCode: 'A',
    service: false,
    description: 'THING',
    quantity: 1,
    priceUnits: 10_000,
    customerId: '7',
    country: 'United Kingdom',
    ...overrides,
    occurredAtMs: at,
    occurredAtIso: new Date(at).toISOString(),
  };
}

describe('Online Retail aggregator', () => {
  beforeEach(() => {
    clock = Date.parse('2011-01-01T10:00:00Z');
  });

  it('numbers lines per invoice, sums totals exactly and places the order at its earliest line', () => {
    const agg = new OnlineRetailAggregator();
    const staged = [
      agg.add(line({ invoice: '1', quantity: 3, priceUnits: 1 })), // 0.0001 × 3
      agg.add(line({ invoice: '2', occurredAtMs: clock + 60_000 })),
      agg.add(line({ invoice: '1', quantity: 7, priceUnits: 2, occurredAtMs: clock - 60_000 })),
    ];
    expect(staged.map((s) => [s[0], s[1]])).toEqual([
      ['1', 1],
      ['2', 1],
      ['1', 2],
    ]);
    const orders = new Map(agg.orderRows().map((r) => [r[0], r]));
    expect(orders.get('1')).toEqual(['1', '7', '2011-01-01T09:59:00.000Z', '0.0017', false, 'United Kingdom', 2]);
    expect(orders.get('2')?.[3]).toBe('1.0000');
  });

  it('decides events: PURCHASE or RETURN for customers, none for guests or service codes', () => {
    const agg = new OnlineRetailAggregator();
    expect(agg.add(line({ quantity: 2 }))[6]).toBe('PURCHASE');
    expect(agg.add(line({ invoice: 'C9', cancelled: true, quantity: -2 }))[6]).toBe('RETURN');
    expect(agg.add(line({ customerId: null }))[6]).toBeNull();
    expect(agg.add(line({ stockCode: 'POST', service: true }))[6]).toBeNull();
    expect(agg.eventLines).toBe(2);
  });

  it('names a product by its most common priced description and prices it at the latest positive price', () => {
    const agg = new OnlineRetailAggregator();
    agg.add(line({ description: 'BOWL', priceUnits: 20_000, occurredAtMs: clock }));
    agg.add(line({ description: 'BOWL', priceUnits: 25_000, occurredAtMs: clock + 2000 }));
    agg.add(line({ description: 'damaged', priceUnits: 0, occurredAtMs: clock + 3000 }));
    agg.add(line({ description: 'damaged', priceUnits: 0, occurredAtMs: clock + 4000 }));
    agg.add(line({ description: 'damaged', priceUnits: 0, occurredAtMs: clock + 5000 }));
    agg.add(line({ description: null, priceUnits: 30_000, occurredAtMs: clock + 1000 })); // older time, later in file
    agg.add(line({ stockCode: 'EMPTY', description: null, priceUnits: -5 }));
    agg.add(line({ stockCode: 'POST', service: true, description: 'POSTAGE', priceUnits: 180_000 }));
    const products = new Map(agg.productRows().map((r) => [r[0], r]));
    expect(products.get('A')).toEqual(['A', 'BOWL', '2.5000', true, { source: 'online-retail' }]);
    expect(products.get('EMPTY')).toEqual(['EMPTY', 'EMPTY', '0.0000', true, { source: 'online-retail' }]);
    const service = { source: 'online-retail', service: true };
    expect(products.get('POST')).toEqual(['POST', 'POSTAGE', '18.0000', false, service]);
  });

  it('breaks description ties by count, then by the latest', () => {
    const tally = (priced: number, count: number, lastSeq: number) => ({ priced, count, lastSeq });
    expect(pickName(new Map([['X', tally(1, 1, 1)], ['Y', tally(1, 1, 2)]]))).toBe('Y');
    expect(pickName(new Map([['X', tally(1, 3, 1)], ['Y', tally(1, 1, 2)]]))).toBe('X');
    expect(pickName(new Map([['X', tally(0, 9, 9)], ['Y', tally(1, 1, 2)]]))).toBe('Y');
    expect(pickName(new Map())).toBeNull();
  });

  it("keeps a customer's latest known country", () => {
    const agg = new OnlineRetailAggregator();
    agg.add(line({ country: 'France', occurredAtMs: clock }));
    agg.add(line({ country: 'Germany', occurredAtMs: clock + 1000 }));
    agg.add(line({ country: 'Spain', occurredAtMs: clock - 1000 }));
    agg.add(line({ country: null, occurredAtMs: clock + 2000 }));
    expect(agg.userRows()).toEqual([['7', 'Germany', { source: 'online-retail' }]]);
  });
});
