import { DemoOptionsError, generateDemoShop, resolveDemoOptions, type DemoShop } from '../../src/domain/demo';

const SMALL = { users: 400, products: 60, days: 120, seed: 7, endDate: '2025-06-01' } as const;

/** The price a product's truth says it had on a YYYY-MM-DD day. */
function priceOn(shop: DemoShop, product: string, day: string): number {
  let price = NaN;
  for (const step of shop.truth.products[product].priceHistory) if (step.from <= day) price = step.price;
  return price;
}

describe('demo shop generator', () => {
  let shop: DemoShop;
  beforeAll(() => {
    shop = generateDemoShop(SMALL);
  });

  it('is a pure function of its options: the same seed gives a byte-identical shop, another seed another one', () => {
    const again = JSON.stringify(generateDemoShop(SMALL));
    expect(again).toBe(JSON.stringify(shop));
    expect(JSON.stringify(generateDemoShop({ ...SMALL, seed: 8 }))).not.toBe(again);
  });

  it('fills defaults (end date today, UTC) and names the option it rejects', () => {
    expect(resolveDemoOptions({}, new Date('2025-03-04T23:30:00Z'))).toEqual({
      users: 2000,
      products: 400,
      days: 365,
      seed: 42,
      endDate: '2025-03-04',
    });
    expect(() => resolveDemoOptions({ users: 5 })).toThrow(new DemoOptionsError('users must be an integer in 10..1000000 (got 5)'));
    expect(() => resolveDemoOptions({ products: 2.5 })).toThrow('products must be an integer in 19..100000 (got 2.5)');
    expect(() => resolveDemoOptions({ endDate: '2025-02-30' })).toThrow('endDate must be a date written YYYY-MM-DD (got "2025-02-30")');
  });

  it('builds a category tree of departments with two or three leaves, products only in leaves', () => {
    const roots = shop.categories.filter((c) => c.parentExternalId === null);
    expect(roots).toHaveLength(7);
    for (const root of roots) {
      const children = shop.categories.filter((c) => c.parentExternalId === root.externalId);
      expect(children.length).toBeGreaterThanOrEqual(2);
      expect(children.length).toBeLessThanOrEqual(3);
    }
    const leaves = new Set(Object.keys(shop.truth.categories));
    expect(leaves.size).toBe(shop.categories.length - roots.length);
    for (const p of shop.products) expect(leaves.has(p.categoryExternalId)).toBe(true);
  });

  it('prices products with a 30–60 % margin, a price history ending at the current price, some out of stock and inactive', () => {
    for (const p of shop.products) {
      const truth = shop.truth.products[p.externalId];
      const margin = 1 - p.cost / truth.basePrice;
      expect(margin).toBeGreaterThan(0.29);
      expect(margin).toBeLessThan(0.61);
      expect(truth.priceHistory[0]).toEqual({ from: shop.truth.window.startDate, price: truth.basePrice });
      expect(p.price).toBe(truth.priceHistory[truth.priceHistory.length - 1].price);
    }
    expect(shop.products.some((p) => p.stock === 0 && p.active)).toBe(true);
    expect(shop.products.filter((p) => !p.active).map((p) => p.externalId)).toEqual(shop.truth.inactive.map((i) => i.product));
  });

  it('keeps every row inside the history and every reference resolvable', () => {
    const start = Date.parse(`${shop.truth.window.startDate}T00:00:00Z`);
    const end = Date.parse(`${shop.truth.window.endDate}T00:00:00Z`);
    expect(end - start).toBe(SMALL.days * 86_400_000);
    const users = new Set(shop.users.map((u) => u.externalId));
    const products = new Set(shop.products.map((p) => p.externalId));
    const orders = new Set(shop.orders.map((o) => o.externalId));
    const badOrders = shop.orders.filter((o) => !users.has(o.userExternalId) || o.placedAt < start || o.placedAt >= end);
    const badLines = shop.lines.filter((l) => !orders.has(l.orderExternalId) || !products.has(l.productExternalId));
    const badEvents = shop.events.filter(
      (e) => !users.has(e.userExternalId) || !products.has(e.productExternalId) || e.occurredAt < start || e.occurredAt >= end,
    );
    expect([badOrders, badLines, badEvents]).toEqual([[], [], []]);
    expect(Object.keys(shop.truth.users).sort()).toEqual([...users].sort());
    expect(shop.truth.groups.reduce((n, g) => n + g.memberCount, 0)).toBe(shop.users.length);
  });

  it('numbers events demo:1… in time order and counts what it generated', () => {
    const misnumbered = shop.events.filter((e, i) => e.eventId !== `demo:${i + 1}`);
    const unordered = shop.events.filter((e, i) => i > 0 && e.occurredAt < shop.events[i - 1].occurredAt);
    expect([misnumbered, unordered]).toEqual([[], []]);
    const c = shop.truth.counts;
    expect([c.users, c.products, c.categories, c.orders, c.orderLines, c.events]).toEqual([
      shop.users.length, shop.products.length, shop.categories.length, shop.orders.length, shop.lines.length, shop.events.length,
    ]);
  });

  it('charges the price the history gives for the day of the order', () => {
    const returns = new Set(shop.orders.filter((o) => o.returnOf !== null).map((o) => o.externalId));
    const mispriced = shop.lines.filter(
      (l) => !returns.has(l.orderExternalId) && l.unitPrice !== priceOn(shop, l.productExternalId, new Date(l.placedAt).toISOString().slice(0, 10)),
    );
    expect(mispriced).toEqual([]);
  });
});
