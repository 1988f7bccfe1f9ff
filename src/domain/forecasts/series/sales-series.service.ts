import type { RequestContext } from '../../common/request-context';
import { query } from '../../common/sql';
import { buildSeries } from './series-builder';
import { rangeCovering, seriesFrame } from './series-frame';
import { CATEGORY_SERIES_SQL, PRODUCT_SERIES_SQL, SALES_SPAN_SQL, TOTAL_SERIES_SQL } from './series.sql';
import type { DateRange, SalesSeries, SeriesCell, SeriesFrame, SeriesInterval } from './series.types';

interface CellRow {
  key: string;
  period: number;
  quantity: number;
  revenue: number;
  sold_quantity: number;
  sold_revenue: number;
}

const toCell = (r: CellRow): SeriesCell => ({
  key: r.key,
  period: r.period,
  quantity: r.quantity,
  revenue: r.revenue,
  soldQuantity: r.sold_quantity,
  soldRevenue: r.sold_revenue,
});

/** Sales series read from order lines, aggregated in PostgreSQL and returned as typed arrays. */
export class SalesSeriesService {
  /** One series per product id (all-zero for products that sold nothing in the range). */
  async products(ctx: RequestContext, productIds: readonly string[], range: DateRange, interval: SeriesInterval): Promise<Map<string, SalesSeries>> {
    const frame = seriesFrame(range, interval);
    return buildSeries(productIds, await this.cells(ctx, PRODUCT_SERIES_SQL, frame, [productIds]), frame);
  }

  /** One series per category id, covering the products of the category and of all its descendants. */
  async categories(ctx: RequestContext, categoryIds: readonly string[], range: DateRange, interval: SeriesInterval): Promise<Map<string, SalesSeries>> {
    const frame = seriesFrame(range, interval);
    return buildSeries(categoryIds, await this.cells(ctx, CATEGORY_SERIES_SQL, frame, [categoryIds]), frame);
  }

  /** The whole shop's series (key 'total'). */
  async total(ctx: RequestContext, range: DateRange, interval: SeriesInterval): Promise<SalesSeries> {
    const frame = seriesFrame(range, interval);
    return buildSeries(['total'], await this.cells(ctx, TOTAL_SERIES_SQL, frame, []), frame).get('total')!;
  }

  /** The whole days from the first to the last order line of these products; null when they have none. */
  async salesSpan(ctx: RequestContext, productIds: readonly string[]): Promise<DateRange | null> {
    const [row] = await query<{ first: Date | null; last: Date | null }>(ctx, SALES_SPAN_SQL, [productIds]);
    return row?.first && row.last ? rangeCovering(row.first.getTime(), row.last.getTime()) : null;
  }

  private async cells(ctx: RequestContext, sql: string, frame: SeriesFrame, extra: unknown[]): Promise<SeriesCell[]> {
    const start = new Date(frame.startMs);
    const end = new Date(frame.startMs + frame.periods * frame.stepMs);
    const rows = await query<CellRow>(ctx, sql, [start, end, frame.stepMs / 1000, ...extra]);
    return rows.map(toCell);
  }
}
