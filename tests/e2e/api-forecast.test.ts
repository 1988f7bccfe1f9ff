import { setTimeout as sleep } from 'node:timers/promises';
import { getDemoTruth, loadDemoShop } from '../../src/domain/demo';
import { createGraphQLHarness, errorCodes, GraphQLHarness } from '../support/graphql-harness';

const FORECAST = `query($p: ID, $c: ID, $h: Int!, $i: ForecastInterval, $l: [Int!]) {
  forecast(productId: $p, categoryId: $c, horizon: $h, interval: $i, levels: $l) {
    model source note accuracy { smape mase periods }
    points { date mean lower80 upper80 lower95 upper95 bands { level lower upper } }
  }
}`;

function pearson(a: number[], b: number[]): number {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let num = 0, da = 0, db = 0;
  a.forEach((x, i) => ((num += (x - ma) * (b[i] - mb)), (da += (x - ma) ** 2), (db += (b[i] - mb) ** 2)));
  return num / Math.sqrt(da * db);
}

describe('demand forecasts through GraphQL on the demo shop', () => {
  let h: GraphQLHarness;
  let topProduct: string;

  beforeAll(async () => {
    h = await createGraphQLHarness();
    await loadDemoShop(h.db.dataSource, { users: 600, products: 60, days: 200, seed: 5, endDate: '2026-06-01' });
    [{ id: topProduct }] = await h.db.dataSource.query(`SELECT product_id::text AS id FROM order_lines GROUP BY product_id ORDER BY sum(quantity) DESC LIMIT 1`);
  }, 120_000);
  afterAll(() => h.close());

  it('forecasts a product 28 days ahead with ordered, non-negative intervals and a backtest', async () => {
    const { data, errors } = await h.gql(FORECAST, { p: topProduct, h: 28 });
    expect(errors).toBeUndefined();
    const f = data.forecast;
    expect(f.source).toBe('computed');
    expect(f.points).toHaveLength(28);
    expect(f.points[0].date).toBe('2026-06-01');
    for (const p of f.points) {
      expect(p.lower95).toBeGreaterThanOrEqual(0);
      expect(p.lower95).toBeLessThanOrEqual(p.lower80 + 1e-9);
      expect(p.lower80).toBeLessThanOrEqual(p.mean + 1e-9);
      expect(p.mean).toBeLessThanOrEqual(p.upper80 + 1e-9);
      expect(p.upper80).toBeLessThanOrEqual(p.upper95 + 1e-9);
    }
    expect(f.accuracy.periods).toBe(28);
    expect(f.accuracy.smape).toBeGreaterThanOrEqual(0);
  });

  it('carries the planted weekly pattern into the shop-wide forecast', async () => {
    const truth = (await getDemoTruth(h.db.dataSource))!;
    const { data } = await h.gql(FORECAST, { h: 28 });
    const byWeekday = new Array(7).fill(0);
    for (const p of data.forecast.points) byWeekday[new Date(`${p.date}T00:00:00Z`).getUTCDay()] += p.mean;
    expect(pearson(byWeekday, truth.seasonality.weekly)).toBeGreaterThan(0.8);
  });

  it('weekly forecasts, custom levels, and a product without sales gets zeros and a note', async () => {
    const weekly = await h.gql(FORECAST, { p: topProduct, h: 6, i: 'WEEK', l: [50, 90] });
    expect(weekly.errors).toBeUndefined();
    expect(weekly.data.forecast.points).toHaveLength(6);
    expect(weekly.data.forecast.points[0].lower95).toBeNull();
    expect(weekly.data.forecast.points[0].bands.map((b: any) => b.level)).toEqual([50, 90]);
    await h.gql(`mutation { upsertProducts(input: [{ externalId: "never-sold", name: "New", price: 5 }]) { total } }`);
    const [{ id }] = await h.db.dataSource.query(`SELECT id::text AS id FROM products WHERE external_id = 'never-sold'`);
    const { data } = await h.gql(FORECAST, { p: id, h: 7 });
    expect(data.forecast.points.every((p: any) => p.mean === 0 && p.upper95 === 0)).toBe(true);
    expect(data.forecast.note).toMatch(/no sales/);
  });

  it('rejects bad horizons, levels and targets with coded errors', async () => {
    for (const [vars, code] of [
      [{ p: topProduct, h: 0 }, 'BAD_USER_INPUT'],
      [{ p: topProduct, h: 366 }, 'BAD_USER_INPUT'],
      [{ p: topProduct, h: 105, i: 'WEEK' }, 'BAD_USER_INPUT'],
      [{ p: topProduct, h: 7, l: [100] }, 'BAD_USER_INPUT'],
      [{ p: topProduct, c: '1', h: 7 }, 'BAD_USER_INPUT'],
      [{ p: '99999999', h: 7 }, 'NOT_FOUND'],
      [{ c: '99999999', h: 7 }, 'NOT_FOUND'],
    ] as const) {
      expect(errorCodes(await h.gql(FORECAST, vars))).toEqual([code]);
    }
  });

  it('trainModel(FORECAST) stores every active product; forecasts then come from the stored run, unchanged', async () => {
    const computed = (await h.gql(FORECAST, { p: topProduct, h: 14 })).data.forecast;
    const started = await h.gql(`mutation { trainModel(kind: FORECAST, params: { horizon: 28 }) { id } }`);
    expect(started.errors).toBeUndefined();
    let job: any;
    for (;;) {
      job = (await h.gql(`query($id: ID!) { job(id: $id) { status error result } }`, { id: started.data.trainModel.id })).data.job;
      if (job.status === 'SUCCEEDED' || job.status === 'FAILED') break;
      await sleep(50);
    }
    expect(job.status).toBe('SUCCEEDED');
    expect(job.result.metrics.products).toBeGreaterThan(50);
    expect(job.result.metrics.smape).toEqual(expect.any(Number));
    const stored = (await h.gql(FORECAST, { p: topProduct, h: 14 })).data.forecast;
    expect(stored.source).toBe('stored');
    stored.points.forEach((p: any, j: number) => expect(p.mean).toBeCloseTo(computed.points[j].mean, 3));
    expect(stored.model).toBe(computed.model);
    const product = await h.gql(`query($id: ID!) { product(id: $id) { forecast(horizon: 7) { source points { mean } } } }`, { id: topProduct });
    expect(product.data.product.forecast.source).toBe('stored');
    expect(errorCodes(await h.gql(`mutation { trainModel(kind: FORECAST, params: { horizon: 0 }) { id } }`))).toEqual(['BAD_USER_INPUT']);
  });
});
