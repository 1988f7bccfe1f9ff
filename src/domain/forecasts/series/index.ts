/** Sales series from order lines: per product, per category subtree and total; daily or weekly; zero-filled. */
export { SalesSeriesService } from './sales-series.service';
export { buildSeries } from './series-builder';
export { isoDay, MAX_SERIES_DAYS, rangeCovering, seriesFrame } from './series-frame';
export { aggregateLines, type MemoryLine } from './series-memory';
export type { DateRange, SalesSeries, SeriesCell, SeriesFrame, SeriesInterval } from './series.types';
