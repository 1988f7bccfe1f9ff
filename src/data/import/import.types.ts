import type { PoolClient } from 'pg';
import type { BulkLoadMode } from '../bulk/bulk-load';

/** Rows per table an import wrote; every key is present so summaries compare exactly. */
export interface EntityCounts {
  users: number;
  categories: number;
  products: number;
  orders: number;
  orderLines: number;
  events: number;
}

/**
 * What an import did. `rowsRead` counts the data records of the main file (header and blank lines excluded),
 * `rowsImported` those that passed normalisation, `skipped` the others by reason. `created` rows did not exist
 * before; `updated` existed and changed; `removed` were deleted to match the file (order lines an invoice no
 * longer has). A rerun of the same file reports zero created, updated and removed.
 */
export interface ImportSummary {
  source: 'online-retail' | 'movielens';
  input: string;
  rowsRead: number;
  rowsImported: number;
  skipped: Record<string, number>;
  created: EntityCounts;
  updated: EntityCounts;
  removed: EntityCounts;
  seconds: number;
  /** True when the file was only read and checked (`dryRun`), nothing written. */
  dryRun: boolean;
}

/** Moments an import lets a caller run code inside its transaction; a hook that throws rolls everything back. */
export interface ImportHooks {
  /** After the file is read and staged, before any real table is touched. */
  afterStaging?(client: PoolClient): Promise<void> | void;
  /** After every table is written, just before COMMIT. */
  beforeCommit?(client: PoolClient): Promise<void> | void;
}

/** Options every importer takes. */
export interface ImportOptions {
  /** Draws a progress bar on this stream (the CLI passes stderr when it is a TTY); off by default. */
  progress?: NodeJS.WriteStream | false;
  /** Read, normalise and count only; open no transaction. */
  dryRun?: boolean;
  /** Called for every skipped record with its 1-based line number (of the file it came from) and reason. */
  onSkip?(line: number, reason: string, file: string): void;
  hooks?: ImportHooks;
  /** Called as each phase ends (read+stage, merge users/products, orders, lines, events, commit), for benchmarks. */
  onPhase?(phase: string, seconds: number): void;
  /**
   * Drop and re-add the fact tables' foreign keys around a large import instead of checking them row by row
   * (see src/data/bulk/bulk-load.ts; it locks those tables until COMMIT). Default 'auto'.
   */
  bulkLoad?: BulkLoadMode;
  /** Rows per COPY batch of the staging stream (default 50,000). */
  batchRows?: number;
}

/** All-zero counts, the starting point of every summary. */
export function emptyCounts(): EntityCounts {
  return { users: 0, categories: 0, products: 0, orders: 0, orderLines: 0, events: 0 };
}

/** Counts skipped rows by reason, in the order reasons first appear. */
export class SkipCounter {
  readonly byReason: Record<string, number> = {};
  total = 0;

  add(reason: string): void {
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
    this.total++;
  }
}

/** What an import's merge did, per table. */
export interface MergeCounts {
  created: EntityCounts;
  updated: EntityCounts;
  removed: EntityCounts;
}

/** All-zero merge counts. */
export function emptyMergeCounts(): MergeCounts {
  return { created: emptyCounts(), updated: emptyCounts(), removed: emptyCounts() };
}

/** Thrown when an input is not the data set an importer expects: a whole-file problem, unlike a bad row. */
export class ImportFormatError extends Error {
  override name = 'ImportFormatError';
}
