import { performance } from 'node:perf_hooks';
import { seededRandom } from '../src/compute/reference/mulberry32';
import type { CustomerSummary } from '../src/domain/marketing/clv';
import { groupHistories } from '../src/domain/marketing/clv/histories';
import { valueCustomers } from '../src/domain/segments/refresh/customer-values';
import { emitter } from './support/scratch-database';

/**
 * CLV valuation of the segment refresh (`valueCustomers`: BG/NBD + Gamma-Gamma fit on an even sample of 5,000, then
 * P(alive), E[purchases in 90 days] and 12-month CLV of every customer) on synthetic whole-day summaries:
 * AISLE_BENCH_CUSTOMERS customers (default 833,334, the customers with purchases among the segments bench's
 * million users), 0–4 repeat days, t_x ≤ T ≤ 365 drawn at random, so ~226,000 distinct (x, t_x, T) histories
 * (real shops, and the segments bench's seeded orders, have far fewer). Prints wall and node CPU seconds of the
 * whole call, the fit's share, and the longest the event loop waited for a turn meanwhile (target: ≤ 1 s in all on
 * 2 cores, turns every ~50 ms). `aisle bench clv` after `npm run build`.
 */
const emit = emitter('clv');

function syntheticSummaries(count: number, seed: number): CustomerSummary[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const T = Math.floor(random() * 366);
    const frequency = Math.floor(random() * 5);
    return {
      customerId: String(i + 1),
      frequency,
      recency: frequency === 0 ? 0 : Math.floor(random() * (T + 1)),
      T,
      monetaryValue: frequency === 0 ? 0 : 5 + Math.floor(random() * 200),
    };
  });
}

/** The longest gap between two turns of the event loop while `work` runs, in milliseconds. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const result = await work();
  running = false;
  return { result, stallMs: longest };
}

export async function run(): Promise<void> {
  const customers = Number(process.env.AISLE_BENCH_CUSTOMERS ?? 833_334);
  const summaries = syntheticSummaries(customers, 7);
  const histories = groupHistories(summaries).count.length;
  for (const pass of ['first', 'again']) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { result, stallMs } = await longestStall(() => valueCustomers(summaries));
    const used = process.cpuUsage(cpu);
    emit({
      pass,
      customers,
      histories,
      seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
      node_cpu_s: Number(((used.user + used.system) / 1e6).toFixed(3)),
      longest_stall_ms: Math.round(stallMs),
      fit: result.fit,
      valued: result.values.length,
    });
  }
}
