/** Bulk importers of public retail and rating data sets; each runs in one transaction and is idempotent. */
export { importOnlineRetail, scanOnlineRetail } from './online-retail.importer';
export { importMovieLens, scanMovieLens } from './movielens.importer';
export { formatSummary, summaryToJson } from './import-summary';
export { ImportFormatError } from './import.types';
export type { EntityCounts, ImportHooks, ImportOptions, ImportSummary } from './import.types';
export type { BulkLoadMode } from '../bulk/bulk-load';
