import { productFromRow, PRODUCT_COLUMNS, type ProductRecord, type ProductRow } from '../catalog/catalog.records';
import { ModelNotReadyError, NotFoundError } from '../common/errors';
import { parseId } from '../common/ids';
import type { RequestContext } from '../common/request-context';
import { query } from '../common/sql';
import { SalesSeriesService, type DateRange, type SalesSeries } from '../forecasts/series';
import { estimateElasticities, type ProductElasticity } from './pooled-elasticities';
import { priceBounds, type PriceConstraintsInput } from './price-constraints';
import { recommendPrice, type PriceRecommendationResult } from './price-optimizer';

/** Days at the end of the history whose sales set the baseline demand. */
const BASELINE_DAYS = 28;

/** Most category peers read to pool with: bounds memory and time in very large categories. */
const MAX_PEERS = 200;

/** The product's category peers (the pooling group) and its root category (the seasonal reference). */
const PEERS_SQL = `
  WITH RECURSIVE up(id, parent_id) AS (
    SELECT c.id, c.parent_id FROM categories c WHERE c.id = $1::bigint
    UNION SELECT c.id, c.parent_id FROM categories c JOIN up ON c.id = up.parent_id)
  SELECT (SELECT id::text FROM up WHERE parent_id IS NULL LIMIT 1) AS root,
         ARRAY(SELECT p.id::text FROM products p WHERE p.category_id = $1::bigint ORDER BY p.id LIMIT ${MAX_PEERS}) AS peers`;

/** Expected units per week at the current price, from the last BASELINE_DAYS of sales (all of them if none). */
export function baselineWeeklyUnits(series: SalesSeries, currentPrice: number, elasticity: number): number {
  const end = series.lastSale + 1;
  const windows = [Math.max(series.firstSale, end - BASELINE_DAYS), series.firstSale];
  for (const start of windows) {
    let units = 0;
    let revenue = 0;
    for (let t = start; t < end; t++) {
      units += Math.max(0, series.quantity[t]);
      if (series.quantity[t] > 0) revenue += Math.max(0, series.revenue[t]);
    }
    if (units > 0 && revenue > 0) {
      const price = revenue / units;
      return ((units / (end - start)) * 7) * Math.pow(currentPrice / price, elasticity);
    }
  }
  return 0;
}

/** Price elasticity and the recommended price of a product. */
export class PricingService {
  constructor(private readonly series = new SalesSeriesService()) {}

  /** `priceRecommendation(productId, constraints)`. */
  async recommend(ctx: RequestContext, productId: string, constraints?: PriceConstraintsInput | null): Promise<PriceRecommendationResult> {
    const product = await this.product(ctx, parseId(productId, 'productId'));
    const cost = product.cost !== null && product.cost > 0 ? product.cost : null;
    if (!(product.price > 0)) throw new ModelNotReadyError('the product has no positive current price to start from');
    priceBounds(constraints, product.price, cost);
    const { estimate, series } = await this.elasticity(ctx, product);
    const quantity = baselineWeeklyUnits(series, product.price, estimate.elasticity);
    return recommendPrice(
      { price: product.price, quantity, elasticity: estimate.elasticity, elasticityInterval: estimate.interval, cost },
      constraints,
    );
  }

  /** The product's pooled elasticity, or MODEL_NOT_READY saying why there is none. */
  async elasticity(ctx: RequestContext, product: ProductRecord): Promise<{ estimate: NonNullable<ProductElasticity['pooled']>; series: SalesSeries }> {
    const range = await this.series.salesSpan(ctx, [product.id]);
    if (!range) throw new ModelNotReadyError('no sales: the product has no order lines to estimate its price elasticity from');
    const { peers, references, referenceKey } = await this.peerSeries(ctx, product, range);
    const refs = [...peers.keys()].map((id) => ({ id, group: product.categoryId, season: referenceKey }));
    const result = estimateElasticities(refs, peers, references).get(product.id)!;
    if (!result.raw.ok || !result.pooled) {
      const reason = result.raw.ok ? 'fit failed' : result.raw.reason;
      throw new ModelNotReadyError(`${reason}: cannot estimate the price elasticity of product ${product.id}`, { reason });
    }
    return { estimate: result.pooled, series: peers.get(product.id)! };
  }

  private async peerSeries(ctx: RequestContext, product: ProductRecord, range: DateRange) {
    let peerIds = [product.id];
    let root: string | null = null;
    if (product.categoryId !== null) {
      const [row] = await query<{ root: string | null; peers: string[] }>(ctx, PEERS_SQL, [product.categoryId]);
      peerIds = row.peers.includes(product.id) ? row.peers : [product.id, ...row.peers];
      root = row.root;
    }
    const peers = await this.series.products(ctx, peerIds, range, 'DAY');
    const references = root
      ? await this.series.categories(ctx, [root], range, 'DAY')
      : new Map([['total', await this.series.total(ctx, range, 'DAY')]]);
    return { peers, references, referenceKey: root ?? 'total' };
  }

  private async product(ctx: RequestContext, id: string): Promise<ProductRecord> {
    const [row] = await query<ProductRow>(ctx, `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = $1`, [id]);
    if (!row) throw new NotFoundError(`product ${id} not found`);
    return productFromRow(row);
  }
}
