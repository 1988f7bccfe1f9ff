import type { DataSource, QueryRunner } from 'typeorm';
import type { Logger } from '../../config';

/** The limits a service enforces on what one request may ask for. */
export interface RequestLimits {
  /** Largest number of rows one ingestion mutation accepts. */
  maxBatch: number;
}

/**
 * What every service method receives first: who asked (requestId, for logs), where the data lives, and the
 * limits. Inside `withTransaction` the same context carries the transaction's query runner, so every statement
 * a service runs through `sql.ts` joins the transaction without the service knowing.
 */
export interface RequestContext {
  readonly requestId: string;
  readonly logger: Logger;
  readonly dataSource: DataSource;
  readonly limits: RequestLimits;
  /** Set only inside withTransaction; statements then run on this connection. */
  readonly queryRunner?: QueryRunner;
}
