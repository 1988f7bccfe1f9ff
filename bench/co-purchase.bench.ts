import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import type { RequestContext } from '../src/domain/common/request-context';
import { query } from '../src/domain/common/sql';
import { loadDemoShop } from '../src/domain/demo';
import { CoPurchaseService } from '../src/domain/recommendations/co-purchase.service';
import { emitter, withScratchDataSource } from './support/scratch-database';

/**
 * `Product.boughtTogether` on the demo shop (default options: 2,000 users, 400 products, ~25k orders, ~56k lines),
 * loaded into a scratch database on DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/test).
 * Prints one JSON line per case: `co-purchase` times boughtTogether(first 10) for every product with orders, in
 * rounds; `baseline-lookup` times a primary-key product lookup through the same code path (the round-trip floor).
 */
const emit = emitter('co-purchase');

function percentiles(ms: number[]): Record<string, number> {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(2));
  return { calls: ms.length, p50_ms: at(0.5), p95_ms: at(0.95), p99_ms: at(0.99), max_ms: Number(sorted[sorted.length - 1].toFixed(2)) };
}

async function timeEach(ids: string[], rounds: number, fn: (id: string) => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const id of ids) {
      const t0 = performance.now();
      await fn(id);
      ms.push(performance.now() - t0);
    }
  }
  return ms;
}

/** Runs the benchmark; resolves after every line is printed. */
export async function run(rounds = Number(process.env.AISLE_BENCH_ROUNDS ?? 3)): Promise<void> {
  await withScratchDataSource(2, async (dataSource) => {
    const summary = await loadDemoShop(dataSource, { endDate: '2026-11-01' });
    await dataSource.query('ANALYZE');
    const ctx: RequestContext = { requestId: 'bench', logger: pino({ level: 'silent' }), dataSource, limits: { maxBatch: 1000 } };
    const ids = (await query<{ id: string }>(ctx, 'SELECT DISTINCT product_id::text AS id FROM order_lines ORDER BY 1')).map((r) => r.id);
    const service = new CoPurchaseService();
    let returned = 0;
    await timeEach(ids.slice(0, 20), 1, (id) => service.boughtTogether(ctx, id, 10)); // warm the caches and plans
    const copurchase = await timeEach(ids, rounds, async (id) => (returned += (await service.boughtTogether(ctx, id, 10)).length));
    const lookup = await timeEach(ids, rounds, (id) => query(ctx, 'SELECT id, name FROM products WHERE id = $1', [id]));
    const shop = { orders: summary.orders, products: ids.length };
    emit({ case: 'baseline-lookup', ...shop, ...percentiles(lookup) });
    emit({ case: 'co-purchase', ...shop, first: 10, min_support: service.minSupport, mean_results: Number((returned / copurchase.length).toFixed(2)), ...percentiles(copurchase) });
  });
}

if (require.main === module) {
  run().catch((error: unknown) => {
    process.stderr.write(`co-purchase bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
