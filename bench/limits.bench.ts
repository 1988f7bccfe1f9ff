import 'reflect-metadata';
import { getOperationAST, parse } from 'graphql';
import { CostCache, costEstimator, operationCost, operationDepth } from '../src/api/limits/query-cost';
import { buildAisleSchema } from '../src/api/schema';
import { DEFAULT_LIMITS } from '../src/config';

/**
 * What the query limits add per request, for the `aisle bench http` recommendations query (a different userId each
 * time): pricing with graphql-query-complexity on every request (the baseline, measured in the same run) against
 * the memoised price the plugin uses, and the depth walk. `node dist/bench/limits.bench.js` after the build.
 */
const QUERY = 'query($userId: ID!) { recommendations(userId: $userId, first: 10) { source items { score product { id name } } } }';
const ITERATIONS = 20_000;

function emit(record: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ bench: 'limits', ...record }) + '\n');
}

function microsPerCall(fn: (i: number) => void): number {
  for (let i = 0; i < 1_000; i++) fn(i);
  const started = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) fn(i);
  return Math.round(Number(process.hrtime.bigint() - started) / 1e3 / ITERATIONS * 100) / 100;
}

export async function run(): Promise<void> {
  const schema = await buildAisleSchema();
  const estimator = costEstimator(schema, DEFAULT_LIMITS);
  const document = parse(QUERY);
  const operation = getOperationAST(document)!;
  const price = (i: number) => operationCost(schema, estimator, document, undefined, { userId: String(i) });
  const uncached = microsPerCall(price);
  const cache = new CostCache();
  const cached = microsPerCall((i) => cache.cost(document, undefined, { userId: String(i) }, () => price(i)));
  emit({ case: 'cost', us_per_request: cached, baseline_uncached_us: uncached, speedup: Math.round((uncached / cached) * 10) / 10, cost: price(0) });
  emit({ case: 'depth', us_per_request: microsPerCall(() => operationDepth(document, operation)), depth: operationDepth(document, operation) });
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
