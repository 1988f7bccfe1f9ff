import { setTimeout as sleep } from 'node:timers/promises';
import { createGraphQLHarness, errorCodes, GraphQLHarness } from '../support/graphql-harness';

const TRAIN = `mutation($kind: ModelKind!, $params: JSON) { trainModel(kind: $kind, params: $params) { id status } }`;
const JOB = `query($id: ID!) { job(id: $id) { status progress message error result } }`;

async function finished(h: GraphQLHarness, id: string): Promise<Record<string, any>> {
  for (let i = 0; i < 2000; i++) {
    const { data } = await h.gql(JOB, { id });
    if (data.job.status === 'SUCCEEDED' || data.job.status === 'FAILED') return data.job;
    await sleep(5);
  }
  throw new Error(`job ${id} did not finish`);
}

describe('trainModel refusals and failures', () => {
  let h: GraphQLHarness;
  beforeAll(async () => {
    h = await createGraphQLHarness();
  });
  afterAll(() => h.close());

  it('fails the job with MODEL_NOT_READY on an empty database, and marks the version FAILED', async () => {
    const started = await h.gql(TRAIN, { kind: 'EASE' });
    const job = await finished(h, started.data.trainModel.id);
    expect(job.status).toBe('FAILED');
    expect(job.error).toMatch(/^MODEL_NOT_READY: not enough interactions \(0 users, 0 products, 0 positive/);
    expect(job.message).toBe(job.error);
    const { data } = await h.gql(`{ models(kind: EASE) { edges { node { status active metrics } } } }`);
    expect(data.models.edges.map((e: any) => e.node)).toEqual([{ status: 'FAILED', active: false, metrics: null }]);
  });

  it('fails with MODEL_NOT_READY when one user holds every interaction (never NaN metrics)', async () => {
    await h.gql(`mutation { upsertUsers(input: [{ externalId: "u1" }]) { created } }`);
    await h.gql(`mutation { upsertProducts(input: [{ externalId: "p1", name: "P1", price: 1 }, { externalId: "p2", name: "P2", price: 2 }]) { created } }`);
    await h.gql(`mutation { recordEvents(input: [{ userExternalId: "u1", productExternalId: "p1", type: PURCHASE },
      { userExternalId: "u1", productExternalId: "p2", type: VIEW }]) { accepted } }`);
    const started = await h.gql(TRAIN, { kind: 'ALS' });
    const job = await finished(h, started.data.trainModel.id);
    expect(job.status).toBe('FAILED');
    expect(job.error).toMatch(/^MODEL_NOT_READY: not enough interactions \(1 users, 2 products/);
  });

  it('refuses kinds without a trainer with BAD_USER_INPUT listing the trainable ones', async () => {
    const result = await h.gql(TRAIN, { kind: 'RANKER' });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toBe(
      'kind: ModelKind RANKER cannot be trained yet; trainable: ALS, BPR, EASE, ITEM_KNN, POPULARITY, FORECAST',
    );
  });

  it('refuses unknown keys and bad values naming the key, and queues nothing', async () => {
    const before = await h.gql(`{ jobs { totalCount } }`);
    const unknown = await h.gql(TRAIN, { kind: 'ALS', params: { factorz: 8 } });
    expect(errorCodes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors![0].extensions!.field).toBe('params.factorz');
    const bad = await h.gql(TRAIN, { kind: 'ALS', params: { factors: 2.5 } });
    expect(bad.errors![0].message).toBe('params.factors: must be an integer');
    const range = await h.gql(TRAIN, { kind: 'EASE', params: { lambda: -1 } });
    expect(range.errors![0].extensions!.field).toBe('params.lambda');
    const weights = await h.gql(TRAIN, { kind: 'EASE', params: { eventWeights: { TELEPORT: 1 } } });
    expect(weights.errors![0].extensions!.field).toBe('params.eventWeights.TELEPORT');
    const notObject = await h.gql(TRAIN, { kind: 'EASE', params: [1] });
    expect(notObject.errors![0].extensions!.field).toBe('params');
    const after = await h.gql(`{ jobs { totalCount } }`);
    expect(after.data.jobs.totalCount).toBe(before.data.jobs.totalCount);
  });

  it('answers null for unknown ids and BAD_USER_INPUT for malformed ones', async () => {
    const none = await h.gql(`{ job(id: "424242") { id } model(id: "424242") { id } }`);
    expect(none.data).toEqual({ job: null, model: null });
    const bad = await h.gql(`{ job(id: "x") { id } }`);
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
  });
});
