import { generateDemoShop, type DemoShop, type DemoTruth } from '../../src/domain/demo';

/**
 * The structure planted in the default demo shop is visible in the generated rows, by crude estimates a later
 * feature must beat: if a planted property breaks, the test naming it fails.
 */
const DAY = 86_400_000;

interface Demand {
  days: number;
  start: number;
  /** Units sold per product and day (kept orders; cancellations net to zero, returns left out). */
  daily: Map<string, Float64Array>;
}

function demandOf(shop: DemoShop): Demand {
  const start = Date.parse(`${shop.truth.window.startDate}T00:00:00Z`);
  const days = shop.truth.window.days;
  const returns = new Set(shop.orders.filter((o) => o.returnOf !== null).map((o) => o.externalId));
  const daily = new Map(shop.products.map((p) => [p.externalId, new Float64Array(days)]));
  for (const l of shop.lines) {
    if (!returns.has(l.orderExternalId)) daily.get(l.productExternalId)![Math.floor((l.placedAt - start) / DAY)] += l.quantity;
  }
  return { days, start, daily };
}

function sum(xs: ArrayLike<number>, from = 0, to = xs.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i];
  return s;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function correlation(xs: number[], ys: number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  const cov = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0);
  return cov / Math.sqrt(xs.reduce((a, x) => a + (x - mx) ** 2, 0) * ys.reduce((a, y) => a + (y - my) ** 2, 0));
}

/**
 * Crude constant-elasticity estimate per leaf category: for each regular product and each price segment of its
 * history, log(units / units of the other products of the leaf in the same days) against log(price), both
 * centred per product; the pooled least-squares slope. The leaf's other products absorb seasonality and shifts
 * in the customer mix; the product fixed effect absorbs popularity.
 */
function estimateElasticities(truth: DemoTruth, demand: Demand): Map<string, number> {
  const leafTotals = new Map<string, Float64Array>();
  for (const [id, p] of Object.entries(truth.products)) {
    const total = leafTotals.get(p.category) ?? new Float64Array(demand.days);
    demand.daily.get(id)!.forEach((u, d) => (total[d] += u));
    leafTotals.set(p.category, total);
  }
  const dayOf = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - demand.start) / DAY);
  const points = new Map<string, Array<[number, number]>>();
  for (const [id, p] of Object.entries(truth.products)) {
    if (p.kind !== 'regular') continue;
    const own = demand.daily.get(id)!;
    const others = leafTotals.get(p.category)!;
    const segments = p.priceHistory.map((step, k) => {
      const [from, to] = [dayOf(step.from), k + 1 < p.priceHistory.length ? dayOf(p.priceHistory[k + 1].from) : demand.days];
      const units = sum(own, from, to);
      return { x: Math.log(step.price), units, y: Math.log(units / (sum(others, from, to) - units)) };
    }).filter((s) => s.units > 0);
    if (segments.length < 2) continue;
    const [mx, my] = [mean(segments.map((s) => s.x)), mean(segments.map((s) => s.y))];
    points.set(p.category, [...(points.get(p.category) ?? []), ...segments.map((s): [number, number] => [s.x - mx, s.y - my])]);
  }
  return new Map([...points].map(([leaf, xy]) => [leaf, sum(xy.map(([x, y]) => x * y)) / sum(xy.map(([x]) => x * x))]));
}

describe('structure planted in the default demo shop', () => {
  let shop: DemoShop;
  let truth: DemoTruth;
  let demand: Demand;
  beforeAll(() => {
    shop = generateDemoShop({ seed: 42, endDate: '2025-11-30' });
    truth = shop.truth;
    demand = demandOf(shop);
  });

  it('has the volumes the later features need', () => {
    expect(truth.counts.users).toBe(2000);
    expect(truth.counts.products).toBe(400);
    expect(truth.counts.orders).toBeGreaterThanOrEqual(20_000);
    expect(truth.counts.events).toBeGreaterThanOrEqual(150_000);
  });

  it('concentrates each group’s purchases in its preferred departments, and tiers by affinity', () => {
    const orders = new Map(shop.orders.map((o) => [o.externalId, o]));
    const units = new Map<string, { preferred: number; all: number; premium: number }>();
    for (const l of shop.lines) {
      const order = orders.get(l.orderExternalId)!;
      if (order.cancelled || order.returnOf) continue;
      const group = truth.groups.find((g) => g.key === truth.users[order.userExternalId].group)!;
      const product = truth.products[l.productExternalId];
      const u = units.get(group.key) ?? { preferred: 0, all: 0, premium: 0 };
      u.all += l.quantity;
      if (group.preferredCategories.includes(product.department)) u.preferred += l.quantity;
      if (product.tier === 'premium') u.premium += l.quantity;
      units.set(group.key, u);
    }
    for (const group of truth.groups) expect(units.get(group.key)!.preferred / units.get(group.key)!.all).toBeGreaterThan(0.75);
    const premiumShare = (key: string) => units.get(key)!.premium / units.get(key)!.all;
    expect(premiumShare('premium_loyalists')).toBeGreaterThan(3 * premiumShare('bargain_hunters'));
  });

  it('lets a shopper’s group be recovered from the departments of their views and purchases', () => {
    const departments = [...new Set(Object.values(truth.products).map((p) => p.department))];
    const vectors = new Map<string, number[]>();
    for (const e of shop.events) {
      if (e.type !== 'VIEW' && e.type !== 'PURCHASE') continue;
      const v = vectors.get(e.userExternalId) ?? departments.map(() => 0);
      v[departments.indexOf(truth.products[e.productExternalId].department)]++;
      vectors.set(e.userExternalId, v);
    }
    const normalised = new Map([...vectors].map(([u, v]) => [u, v.map((x) => x / sum(v))]));
    const centroids = new Map(truth.groups.map((g) => {
      const members = [...normalised].filter(([u]) => truth.users[u].group === g.key).map(([, v]) => v);
      return [g.key, departments.map((_, i) => mean(members.map((v) => v[i])))];
    }));
    const nearest = (v: number[]) =>
      [...centroids].map(([g, c]) => [g, sum(c.map((x, i) => (x - v[i]) ** 2))] as const).sort((a, b) => a[1] - b[1])[0][0];
    const active = [...normalised].filter(([u]) => sum(vectors.get(u)!) >= 10);
    const correct = active.filter(([u, v]) => nearest(v) === truth.users[u].group).length;
    expect(active.length).toBeGreaterThan(1000);
    expect(correct / active.length).toBeGreaterThan(0.8);
  });

  it('makes trending products sell at least twice their earlier rate in the last four weeks', () => {
    expect(truth.trending.length).toBeGreaterThanOrEqual(5);
    for (const t of truth.trending) {
      const series = demand.daily.get(t.product)!;
      const trendStart = Math.round((Date.parse(`${t.startsOn}T00:00:00Z`) - demand.start) / DAY);
      const recent = sum(series, demand.days - 28) / 28;
      const before = sum(series, 0, trendStart) / trendStart;
      expect(recent).toBeGreaterThan(2 * before);
    }
  });

  it('makes slow movers intermittent: mostly zero days, more than regular products, yet selling now and then', () => {
    const zeroShare = (id: string) => Array.from(demand.daily.get(id)!).filter((u) => u === 0).length / demand.days;
    const regular = Object.keys(truth.products).filter((id) => truth.products[id].kind === 'regular').map(zeroShare).sort();
    const medianRegular = regular[Math.floor(regular.length / 2)];
    const sellingDays: number[] = [];
    for (const id of truth.slowMovers) {
      expect(zeroShare(id)).toBeGreaterThan(Math.max(0.85, medianRegular));
      sellingDays.push(Math.round((1 - zeroShare(id)) * demand.days));
    }
    expect(Math.min(...sellingDays)).toBeGreaterThanOrEqual(3);
    expect(mean(sellingDays)).toBeGreaterThan(8);
  });

  it('responds to price with the planted elasticity of each leaf category (crude log-log slope)', () => {
    const estimates = estimateElasticities(truth, demand);
    const leaves = [...estimates.keys()];
    const planted = leaves.map((l) => truth.categories[l].elasticity);
    const estimated = leaves.map((l) => estimates.get(l)!);
    expect(leaves).toHaveLength(Object.keys(truth.categories).length);
    expect(Math.max(...estimated)).toBeLessThan(0);
    expect(mean(estimated.map((e, i) => Math.abs(e - planted[i])))).toBeLessThan(0.4);
    expect(Math.abs(mean(estimated) - mean(planted))).toBeLessThan(0.25);
    expect(correlation(estimated, planted)).toBeGreaterThan(0.6);
  });

  it('lifts weekends and December', () => {
    const total = new Float64Array(demand.days);
    for (const series of demand.daily.values()) series.forEach((u, d) => (total[d] += u));
    const byWeekday = Array.from({ length: 7 }, () => [] as number[]);
    const byMonth = Array.from({ length: 12 }, () => [] as number[]);
    total.forEach((u, d) => {
      const date = new Date(demand.start + d * DAY);
      byWeekday[date.getUTCDay()].push(u);
      byMonth[date.getUTCMonth()].push(u);
    });
    const weekend = mean([...byWeekday[0], ...byWeekday[6]]);
    const midweek = mean([...byWeekday[1], ...byWeekday[2], ...byWeekday[3]]);
    expect(weekend).toBeGreaterThan(1.25 * midweek);
    expect(mean(byMonth[11])).toBeGreaterThan(1.5 * mean([...byMonth[5], ...byMonth[6]]));
  });

  it('stops lapsed shoppers, one-off shoppers after one order, and discontinued products', () => {
    const dayOfDate = (date: string) => Date.parse(`${date}T00:00:00Z`);
    const purchases = shop.orders.filter((o) => o.returnOf === null);
    const ordersPerUser = new Map<string, number>();
    const outsideActiveWindow = purchases.filter((o) => {
      const u = truth.users[o.userExternalId];
      return (u.activeUntil !== null && o.placedAt >= dayOfDate(u.activeUntil)) || (u.activeFrom !== null && o.placedAt < dayOfDate(u.activeFrom));
    });
    expect(outsideActiveWindow).toEqual([]);
    for (const o of purchases) ordersPerUser.set(o.userExternalId, (ordersPerUser.get(o.userExternalId) ?? 0) + 1);
    const oneOff = Object.keys(truth.users).filter((u) => truth.users[u].group === 'one_off');
    expect(Math.max(...oneOff.map((u) => ordersPerUser.get(u) ?? 0))).toBe(1);
    for (const { product, discontinuedOn } of truth.inactive) {
      const from = Math.round((dayOfDate(discontinuedOn) - demand.start) / DAY);
      expect(sum(demand.daily.get(product)!, from)).toBe(0);
      expect(sum(demand.daily.get(product)!, 0, from)).toBeGreaterThan(0);
    }
  });
});
