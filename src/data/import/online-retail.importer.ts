import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { withBulkLoadWindow } from '../bulk/bulk-load';
import { withImportTransaction } from './import-transaction';
import {
  emptyCounts,
  emptyMergeCounts,
  ImportFormatError,
  SkipCounter,
  type ImportOptions,
  type ImportSummary,
  type MergeCounts,
} from './import.types';
import {
  OnlineRetailAggregator,
  STAGE_LINE_COLUMNS,
  STAGE_ORDER_COLUMNS,
  STAGE_PRODUCT_COLUMNS,
  STAGE_USER_COLUMNS,
} from './online-retail.aggregator';
import { onlineRetailBatches } from './online-retail.rows';
import { createDimensionStages, createLineStage, MERGE_STEPS, STAGE } from './online-retail.sql';
import { createProgressReporter, SILENT_PROGRESS, type ProgressReporter } from './progress.reporter';
import { BackgroundCopier, stageRows } from './staging';

const DEFAULT_BATCH_ROWS = 50_000;
/** The tables whose foreign keys and plain indexes bulk mode suspends. */
const FACT_TABLES = ['order_lines', 'events'] as const;

/** Where staged line tuples go: PostgreSQL during an import, nowhere during a dry run or a benchmark baseline. */
type LineSink = (row: ReturnType<OnlineRetailAggregator['add']>) => void;

interface ReadResult {
  rowsRead: number;
  rowsImported: number;
  skipped: SkipCounter;
  aggregate: OnlineRetailAggregator;
}

/**
 * One streaming pass over the file: split records, normalise, aggregate, hand each staged line to `sink`.
 * Bad rows are counted by reason and reported through onSkip; only a missing or foreign header throws.
 */
async function readOnlineRetail(
  file: string,
  sink: LineSink,
  options: ImportOptions,
  progress: (total: number) => ProgressReporter,
): Promise<ReadResult> {
  const aggregate = new OnlineRetailAggregator();
  const skipped = new SkipCounter();
  let bar: ProgressReporter | undefined;
  let rowsRead = 0;
  let totalBytes = 0;
  for await (const batch of onlineRetailBatches(file)) {
    bar ??= progress(batch.totalBytes);
    totalBytes = batch.totalBytes;
    for (const { line, result } of batch.rows) {
      rowsRead++;
      if (result.ok) sink(aggregate.add(result.row));
      else {
        skipped.add(result.reason);
        options.onSkip?.(line, result.reason, file);
      }
    }
    bar.update(rowsRead, batch.bytesRead);
  }
  bar?.update(rowsRead, totalBytes, true);
  return { rowsRead, rowsImported: rowsRead - skipped.total, skipped, aggregate };
}

function progressFor(options: ImportOptions): (total: number) => ProgressReporter {
  const stream = options.progress;
  return stream ? (total) => createProgressReporter(stream, total) : () => SILENT_PROGRESS;
}

/** Measures phases for options.onPhase. */
function phaseClock(options: ImportOptions): (phase: string) => void {
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    options.onPhase?.(phase, Math.round(now - last) / 1000);
    last = now;
  };
}

/** Stages the aggregated users, products and orders, then merges everything in dependency order. */
async function writeAll(
  client: PoolClient,
  read: ReadResult,
  options: ImportOptions,
  bar: ProgressReporter,
  mark: (phase: string) => void,
): Promise<MergeCounts> {
  await createDimensionStages(client);
  await stageRows(client, STAGE.users, STAGE_USER_COLUMNS, read.aggregate.userRows());
  await stageRows(client, STAGE.products, STAGE_PRODUCT_COLUMNS, read.aggregate.productRows());
  await stageRows(client, STAGE.orders, STAGE_ORDER_COLUMNS, read.aggregate.orderRows());
  mark('stage dimensions');
  await options.hooks?.afterStaging?.(client);
  const counts = emptyMergeCounts();
  const suspended = await withBulkLoadWindow(
    client,
    FACT_TABLES,
    async (dropped) => {
      mark(dropped ? 'suspend keys and indexes' : 'decide bulk load');
      for (const [name, step] of MERGE_STEPS) {
        bar.phase(`writing ${name}…`);
        await step(client, counts);
        mark(`merge ${name}`);
      }
      if (dropped) bar.phase('rebuilding indexes and foreign keys…');
      return dropped;
    },
    { mode: options.bulkLoad ?? 'auto', incomingRows: read.rowsImported },
  );
  if (suspended) mark('restore keys and indexes');
  await options.hooks?.beforeCommit?.(client);
  bar.phase('committing…');
  return counts;
}

/**
 * Imports the UCI Online Retail export (plain or gzipped CSV) into users, products, orders, order_lines and events,
 * in ONE transaction: the file streams through a normaliser into a TEMP staging table by COPY while it is read,
 * customers/products/invoices are aggregated in memory, and set-based upserts joining on external ids write the
 * real tables. A failure anywhere leaves the database as it was; a rerun of the same file changes nothing.
 * See docs in online-retail.normaliser.ts and online-retail.aggregator.ts for the rules applied to each quirk.
 */
export async function importOnlineRetail(
  dataSource: DataSource,
  file: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const progress = progressFor(options);
  let bar: ProgressReporter = SILENT_PROGRESS;
  const trackBar = (total: number) => (bar = progress(total));
  try {
    if (options.dryRun) return await scanOnlineRetail(file, options);
    const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
    const mark = phaseClock(options);
    const { read, counts } = await withImportTransaction(dataSource, async (client) => {
      await createLineStage(client);
      const copier = new BackgroundCopier(client, STAGE.lines, STAGE_LINE_COLUMNS, batchRows);
      let read: ReadResult;
      try {
        read = await readOnlineRetail(file, (row) => copier.push(row), options, trackBar);
        bar.phase('staging the last rows…');
        await copier.flush();
      } catch (error) {
        await copier.settle();
        throw error;
      }
      await client.query(`ANALYZE ${STAGE.lines}`);
      mark('read and stage lines');
      return { read, counts: await writeAll(client, read, options, bar, mark) };
    });
    mark('commit');
    return summarise(file, read, counts, started);
  } finally {
    bar.done();
  }
}

/**
 * Reads, normalises and aggregates the file without a database (a dry run): the summary says how many rows
 * would import and why the others would be skipped. It is also the benchmark's baseline.
 */
export async function scanOnlineRetail(file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  let bar: ProgressReporter = SILENT_PROGRESS;
  const progress = progressFor(options);
  try {
    const read = await readOnlineRetail(file, () => undefined, options, (total) => (bar = progress(total)));
    return summarise(file, read, undefined, started);
  } finally {
    bar.done();
  }
}

function summarise(file: string, read: ReadResult, counts: MergeCounts | undefined, started: number): ImportSummary {
  return {
    source: 'online-retail',
    input: file,
    rowsRead: read.rowsRead,
    rowsImported: read.rowsImported,
    skipped: read.skipped.byReason,
    created: counts?.created ?? emptyCounts(),
    updated: counts?.updated ?? emptyCounts(),
    removed: counts?.removed ?? emptyCounts(),
    seconds: Math.round(performance.now() - started) / 1000,
    dryRun: counts === undefined,
  };
}
