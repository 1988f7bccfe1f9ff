import { setTimeout as sleep } from 'node:timers/promises';
import type { GraphQLHarness } from './graphql-harness';

const JOB = `query($id: ID!) { job(id: $id) { status error result } }`;

/** Polls job(id) until it finishes; resolves with its result, rejects with its error when it failed. */
export async function waitForJob(h: GraphQLHarness, jobId: string): Promise<any> {
  for (;;) {
    const { data } = await h.gql(JOB, { id: jobId });
    if (data.job.status === 'SUCCEEDED') return data.job.result;
    if (data.job.status === 'FAILED') throw new Error(`job ${jobId} failed: ${data.job.error}`);
    await sleep(20);
  }
}

/** trainModel(kind) and wait: resolves with the new model version's id. */
export async function trainAndWait(h: GraphQLHarness, kind: string, params?: unknown): Promise<string> {
  const started = await h.gql(`mutation($kind: ModelKind!, $params: JSON) { trainModel(kind: $kind, params: $params) { id } }`, { kind, params });
  if (started.errors) throw new Error(`trainModel(${kind}): ${JSON.stringify(started.errors)}`);
  return (await waitForJob(h, started.data.trainModel.id)).modelId;
}

/** Raw SQL on the harness database (independent checks of what the API answered). */
export function sql<T = any>(h: GraphQLHarness, text: string, params: unknown[] = []): Promise<T[]> {
  return h.db.dataSource.query(text, params);
}

/** Products a user bought: PURCHASE events and lines of non-cancelled orders. */
export async function purchasedBy(h: GraphQLHarness, userId: string): Promise<Set<string>> {
  const rows = await sql<{ p: string }>(h, `
    SELECT product_id::text AS p FROM events WHERE user_id = $1 AND type = 'PURCHASE'
    UNION SELECT ol.product_id::text FROM orders o JOIN order_lines ol ON ol.order_id = o.id
    WHERE o.user_id = $1 AND NOT o.cancelled`, [userId]);
  return new Set(rows.map((r) => r.p));
}
