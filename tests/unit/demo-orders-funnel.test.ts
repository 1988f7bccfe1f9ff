import { generateDemoShop, type DemoOrder, type DemoOrderLine, type DemoShop } from '../../src/domain/demo';

const OPTIONS = { users: 600, products: 80, days: 180, seed: 11, endDate: '2025-09-01' } as const;

describe('demo shop orders, returns and funnel', () => {
  let shop: DemoShop;
  let orders: Map<string, DemoOrder>;
  let linesByOrder: Map<string, DemoOrderLine[]>;
  beforeAll(() => {
    shop = generateDemoShop(OPTIONS);
    orders = new Map(shop.orders.map((o) => [o.externalId, o]));
    linesByOrder = new Map();
    for (const l of shop.lines) linesByOrder.set(l.orderExternalId, [...(linesByOrder.get(l.orderExternalId) ?? []), l]);
  });

  const linesOf = (order: string) => linesByOrder.get(order) ?? [];

  it('plants a few per cent of returns and cancellations', () => {
    const purchases = shop.orders.filter((o) => o.returnOf === null);
    const returns = shop.orders.filter((o) => o.returnOf !== null);
    const cancelled = purchases.filter((o) => o.cancelled);
    expect(returns.length / purchases.length).toBeGreaterThan(0.01);
    expect(returns.length / purchases.length).toBeLessThan(0.15);
    expect(cancelled.length / purchases.length).toBeGreaterThan(0.005);
    expect(cancelled.length / purchases.length).toBeLessThan(0.05);
  });

  it('returns only what the same user bought earlier in a kept order, as negative lines and RETURN events', () => {
    const returnEvents = new Set(
      shop.events.filter((e) => e.type === 'RETURN').map((e) => `${e.userExternalId}|${e.productExternalId}|${e.occurredAt}|${e.quantity}`),
    );
    for (const ret of shop.orders.filter((o) => o.returnOf !== null)) {
      const original = orders.get(ret.returnOf!)!;
      expect(original.userExternalId).toBe(ret.userExternalId);
      expect(original.cancelled).toBe(false);
      expect(original.placedAt).toBeLessThan(ret.placedAt);
      expect(ret.total).toBeLessThan(0);
      const bought = new Map(linesOf(original.externalId).map((l) => [l.productExternalId, l]));
      for (const line of linesOf(ret.externalId)) {
        const sold = bought.get(line.productExternalId)!;
        expect(line.quantity).toBeLessThan(0);
        expect(-line.quantity).toBeLessThanOrEqual(sold.quantity);
        expect(line.unitPrice).toBe(sold.unitPrice);
        expect(returnEvents.has(`${ret.userExternalId}|${line.productExternalId}|${ret.placedAt}|${-line.quantity}`)).toBe(true);
      }
    }
  });

  it('reverses cancelled orders line by line, so order lines net to the units really sold', () => {
    for (const order of shop.orders.filter((o) => o.cancelled)) {
      const net = new Map<string, number>();
      for (const l of linesOf(order.externalId)) net.set(l.productExternalId, (net.get(l.productExternalId) ?? 0) + l.quantity);
      expect([...net.values()].every((q) => q === 0)).toBe(true);
      expect(order.total).toBeGreaterThan(0);
    }
  });

  it('records one PURCHASE event per line of every kept order, with its quantity and price', () => {
    const kept = shop.lines.filter((l) => {
      const o = orders.get(l.orderExternalId)!;
      return !o.cancelled && o.returnOf === null;
    });
    const purchases = shop.events.filter((e) => e.type === 'PURCHASE');
    expect(purchases).toHaveLength(kept.length);
    const key = (u: string, p: string, at: number, q: number, price: number) => `${u}|${p}|${at}|${q}|${price}`;
    const fromEvents = new Set(purchases.map((e) => key(e.userExternalId, e.productExternalId, e.occurredAt, e.quantity!, e.price!)));
    for (const l of kept) {
      const o = orders.get(l.orderExternalId)!;
      expect(fromEvents.has(key(o.userExternalId, l.productExternalId, l.placedAt, l.quantity, l.unitPrice))).toBe(true);
    }
  });

  it('has every purchase viewed and added to the cart before, and more views than purchases', () => {
    const viewed = new Set<string>();
    const carted = new Set<string>();
    const unseen: string[] = [];
    for (const e of shop.events) {
      const pair = `${e.userExternalId}|${e.productExternalId}`;
      if (e.type === 'VIEW') viewed.add(pair);
      if (e.type === 'ADD_TO_CART') carted.add(pair);
      if (e.type === 'PURCHASE' && !(viewed.has(pair) && carted.has(pair))) unseen.push(e.eventId);
    }
    expect(unseen).toEqual([]);
    const byType = shop.truth.counts.eventsByType;
    expect(byType.VIEW!).toBeGreaterThan(1.5 * byType.PURCHASE!);
    expect(byType.ADD_TO_CART!).toBeGreaterThanOrEqual(byType.PURCHASE!);
    for (const type of ['CLICK', 'REMOVE_FROM_CART', 'RATING', 'WISHLIST', 'DISLIKE', 'RETURN'] as const) {
      expect(byType[type] ?? 0).toBeGreaterThan(0);
    }
  });

  it('rates purchased products 1–5 stars after buying them, lower when they were returned', () => {
    const bought = new Set(shop.events.filter((e) => e.type === 'PURCHASE').map((e) => `${e.userExternalId}|${e.productExternalId}`));
    const returned = new Set(shop.events.filter((e) => e.type === 'RETURN').map((e) => `${e.userExternalId}|${e.productExternalId}`));
    const ratings = shop.events.filter((e) => e.type === 'RATING');
    const stars = { returned: [] as number[], kept: [] as number[] };
    for (const r of ratings) {
      const pair = `${r.userExternalId}|${r.productExternalId}`;
      expect(bought.has(pair)).toBe(true);
      expect([1, 2, 3, 4, 5]).toContain(r.value);
      (returned.has(pair) ? stars.returned : stars.kept).push(r.value!);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(stars.kept)).toBeGreaterThan(3.7);
    expect(mean(stars.kept) - mean(stars.returned)).toBeGreaterThan(0.5);
  });

  it('dislikes fall outside the shopper group’s preferred departments', () => {
    const groupOf = shop.truth.users;
    const preferred = new Map(shop.truth.groups.map((g) => [g.key, new Set(g.preferredCategories)]));
    for (const e of shop.events.filter((x) => x.type === 'DISLIKE')) {
      const department = shop.truth.products[e.productExternalId].department;
      expect(preferred.get(groupOf[e.userExternalId].group)!.has(department)).toBe(false);
    }
  });
});
