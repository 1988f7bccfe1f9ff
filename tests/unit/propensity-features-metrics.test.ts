import {
  auc, bestF1Threshold, buildFeatures, classificationMetrics, customersWithPurchases, featuresOf, groupOrders, logLoss, PROPENSITY_FEATURES,
} from '../../src/domain/marketing/propensity';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

describe('propensity metrics', () => {
  it('AUC by rank sums: perfect, reversed, all ties, and a hand-counted case', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    // positives 0.7, 0.4; negatives 0.5, 0.1: pairs won 0.7>0.5, 0.7>0.1, 0.4>0.1; lost 0.4<0.5 → 3/4
    expect(auc([0.7, 0.4, 0.5, 0.1], [1, 1, 0, 0])).toBe(0.75);
  });

  it('log-loss, the F1-best threshold and the confusion-based metrics', () => {
    expect(logLoss([0.5, 0.5], [1, 0])).toBeCloseTo(Math.LN2, 10);
    const p = [0.9, 0.8, 0.35, 0.3, 0.2, 0.1];
    const y = [1, 1, 1, 0, 0, 0];
    const t = bestF1Threshold(p, y);
    // any threshold in (0.30, 0.35] separates the classes; thresholds are compared as p >= t on a 0.01 grid
    expect(t).toBeGreaterThanOrEqual(0.3);
    expect(t).toBeLessThanOrEqual(0.35);
    expect(classificationMetrics(p, y, t)).toMatchObject({ accuracy: 1, precision: 1, recall: 1, f1: 1, auc: 1 });
  });
});

describe('propensity features', () => {
  it('uses only orders up to the cut-off and labels purchases within the horizon', () => {
    const orders = [
      { customerId: 'a', placedAtMs: T0, net: 100, cancelled: false },
      { customerId: 'a', placedAtMs: T0 + 10 * DAY, net: 50, cancelled: false },
      { customerId: 'a', placedAtMs: T0 + 12 * DAY, net: -20, cancelled: true },
      { customerId: 'a', placedAtMs: T0 + 25 * DAY, net: 70, cancelled: false }, // inside the horizon
      { customerId: 'b', placedAtMs: T0 + 5 * DAY, net: 30, cancelled: false },
      { customerId: 'b', placedAtMs: T0 + 60 * DAY, net: 30, cancelled: false }, // after the horizon
      { customerId: 'c', placedAtMs: T0 + 21 * DAY, net: 30, cancelled: false }, // only after the cut-off
    ];
    const cutoff = T0 + 20 * DAY;
    const m = buildFeatures(orders, cutoff, 30);
    expect(m.customerIds).toEqual(['a', 'b']);
    const row = (i: number) => Object.fromEntries(PROPENSITY_FEATURES.map((f, j) => [f, m.x[i * m.d + j]]));
    expect(row(0)).toMatchObject({
      recency_days: 10, tenure_days: 20, purchases_last_30d: 2, purchases_last_90d: 2, return_rate: 0.5, mean_days_between_purchases: 10,
    });
    expect(row(0).log_monetary).toBeCloseTo(Math.log1p(130), 5);
    expect(row(0).log_avg_order_value).toBeCloseTo(Math.log1p(65), 5);
    expect(Array.from(m.y!)).toEqual([1, 0]);
  });

  it('features of a subset of customers are those customers\' rows of the whole matrix; the eligible ones are its rows', () => {
    const orders = [
      ...Array.from({ length: 60 }, (_, i) => ({
        customerId: `c${String(i % 13).padStart(2, '0')}`, placedAtMs: T0 + ((i * 7) % 50) * DAY, net: i % 5 === 0 ? -10 : 10 + i, cancelled: i % 11 === 0,
      })),
      { customerId: 'late', placedAtMs: T0 + 40 * DAY, net: 10, cancelled: false }, // buys only after the cut-off
      { customerId: 'gone', placedAtMs: T0, net: 10, cancelled: true }, // only a cancelled order
    ];
    const histories = groupOrders(orders);
    const cutoff = T0 + 30 * DAY;
    const all = featuresOf(histories, cutoff, 30);
    const eligible = customersWithPurchases(histories, cutoff);
    expect(Array.from(eligible)).toEqual(Array.from(all.rows!));
    expect(eligible.length).toBeGreaterThan(5);
    expect(eligible.length).toBeLessThan(histories.customerIds.length);
    const picked = eligible.filter((_, i) => i % 2 === 1);
    const some = featuresOf(histories, cutoff, 30, picked);
    const at = Array.from(picked, (c) => Array.from(all.rows!).indexOf(c));
    expect(some.customerIds).toEqual(at.map((i) => all.customerIds[i]));
    expect(Array.from(some.y!)).toEqual(at.map((i) => all.y![i]));
    expect(Array.from(some.x)).toEqual(at.flatMap((i) => Array.from(all.x.subarray(i * all.d, (i + 1) * all.d))));
  });
});
