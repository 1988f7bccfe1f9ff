import { performance } from 'node:perf_hooks';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { DEMO_TABLES, nonEmptyTables, writeDemoShop } from './demo-loader';
import { generateDemoShop, resolveDemoOptions } from './demo.generator';
import type { DemoOptions, DemoShop, DemoSummary } from './demo.types';
import { DEMO_TRUTH_KEY, type DemoTruth } from './truth';

/** The database holds data that is not the demo shop; loading would mix a synthetic shop into it. */
export class DemoShopConflictError extends Error {
  override name = 'DemoShopConflictError';
  constructor(readonly tables: string[]) {
    super(
      `refusing to load the demo shop: the database already holds data (${tables.join(', ')} not empty); ` +
        'load it into an empty database',
    );
  }
}

/** Serialises concurrent loaders (two servers starting on one empty database). */
const DEMO_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('aisle:demo-shop'))`;

function seconds(since: number): number {
  return Math.round((performance.now() - since) / 10) / 100;
}

type Timings = Pick<DemoSummary, 'generateSeconds' | 'loadSeconds' | 'seconds'>;

function summaryOf(truth: DemoTruth, loaded: boolean, times: Timings): DemoSummary {
  const c = truth.counts;
  return {
    loaded,
    seed: truth.seed,
    startDate: truth.window.startDate,
    endDate: truth.window.endDate,
    categories: c.categories,
    products: c.products,
    users: c.users,
    orders: c.orders,
    orderLines: c.orderLines,
    events: c.events,
    returns: c.returns,
    cancelledOrders: c.cancelledOrders,
    ...times,
  };
}

async function storedTruth(client: PoolClient): Promise<DemoTruth | null> {
  const { rows } = await client.query<{ value: DemoTruth }>(`SELECT value FROM aisle_meta WHERE key = $1`, [DEMO_TRUTH_KEY]);
  return rows[0]?.value ?? null;
}

/**
 * Under the advisory lock: the stored truth when the shop is already there, a conflict when other data is,
 * else writes the shop. Returns the truth that is in the database afterwards and whether this call wrote it.
 */
async function loadInTransaction(client: PoolClient, generate: () => DemoShop): Promise<{ truth: DemoTruth; loaded: boolean }> {
  await client.query(DEMO_LOCK_SQL);
  const existing = await storedTruth(client);
  if (existing) return { truth: existing, loaded: false };
  const occupied = await nonEmptyTables(client);
  if (occupied.length > 0) throw new DemoShopConflictError(occupied);
  const shop = generate();
  await writeDemoShop(client, shop);
  return { truth: shop.truth, loaded: true };
}

/**
 * Generates the demo shop and loads it in one transaction with COPY, then refreshes planner statistics.
 *
 * Idempotent by refusal: when the database already holds the demo shop (its truth row exists) nothing is written
 * and the summary of what is there comes back with loaded = false, whatever the options; when it holds any other
 * users, catalogue, orders or events, DemoShopConflictError is thrown. So a second call never doubles the data.
 * Options are validated (DemoOptionsError) before the database is touched.
 */
export async function loadDemoShop(dataSource: DataSource, options: DemoOptions = {}): Promise<DemoSummary> {
  const started = performance.now();
  const resolved = resolveDemoOptions(options);
  let generateSeconds = 0;
  const generate = () => {
    const t0 = performance.now();
    const shop = generateDemoShop(resolved);
    generateSeconds = seconds(t0);
    return shop;
  };
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  let result: { truth: DemoTruth; loaded: boolean };
  try {
    await runner.startTransaction();
    result = await loadInTransaction(client, generate);
    await runner.commitTransaction();
    if (result.loaded) await client.query(`ANALYZE ${DEMO_TABLES.join(', ')}`);
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
  const total = seconds(started);
  const loadSeconds = Math.max(0, Math.round((total - generateSeconds) * 100) / 100);
  return summaryOf(result.truth, result.loaded, { generateSeconds, loadSeconds, seconds: total });
}
