import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadDemoShop } from '../../src/domain/demo';
import { createGraphQLHarness, errorCodes, GraphQLHarness } from '../support/graphql-harness';

const TRAIN = `mutation($kind: ModelKind!, $params: JSON) { trainModel(kind: $kind, params: $params) { id kind status progress } }`;
const JOB = `query($id: ID!) { job(id: $id) { id status progress message result error createdAt startedAt finishedAt } }`;
const MODELS = `query($kind: ModelKind) {
  models(kind: $kind) { totalCount edges { node { id kind status params metrics active trainedAt dataDigest configDigest } } }
}`;
const ACTIVATE = `mutation($id: ID!) { activateModel(id: $id) { id kind active status } }`;

interface Polled {
  job: Record<string, any>;
  progress: number[];
  healthBeforeDone: number;
}

/** Polls job(id) until it finishes, issuing a health query between polls, and records what it saw. */
async function runJob(h: GraphQLHarness, kind: string, params?: unknown): Promise<Polled> {
  const started = await h.gql(TRAIN, { kind, params });
  expect(started.errors).toBeUndefined();
  expect(['QUEUED', 'RUNNING']).toContain(started.data.trainModel.status);
  const id = started.data.trainModel.id;
  const progress: number[] = [];
  const healthTimes: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const health = await h.gql(`{ health { status } }`);
    expect(health.errors).toBeUndefined();
    healthTimes.push(Date.now());
    const { data } = await h.gql(JOB, { id });
    progress.push(data.job.progress);
    if (data.job.status === 'SUCCEEDED' || data.job.status === 'FAILED') {
      const done = Date.parse(data.job.finishedAt);
      return { job: data.job, progress, healthBeforeDone: healthTimes.filter((t) => t < done).length };
    }
    await sleep(5);
  }
  throw new Error(`job ${id} did not finish`);
}

function activeIds(rows: Array<{ active: boolean; id: string }>): string[] {
  return rows.filter((r) => r.active).map((r) => r.id);
}

describe('trainModel, job, models and activateModel on the demo shop', () => {
  let h: GraphQLHarness;
  beforeAll(async () => {
    h = await createGraphQLHarness();
    await loadDemoShop(h.db.dataSource, { users: 300, products: 80, days: 120, seed: 7 });
  });
  afterAll(() => h.close());

  it('trains EASE to READY with progress 0 → 1, holdout metrics and recorded params, while the API keeps answering', async () => {
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const { job, progress, healthBeforeDone } = await runJob(h, 'EASE');
    lag.disable();
    expect(job.status).toBe('SUCCEEDED');
    expect(job.error).toBeNull();
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
    expect(progress[progress.length - 1]).toBe(1);
    expect(healthBeforeDone).toBeGreaterThan(0);
    expect(lag.max / 1e6).toBeLessThan(500);

    const modelId = job.result.modelId;
    const { data } = await h.gql(`query($id: ID!) { model(id: $id) { id kind status params metrics active dataDigest configDigest trainedAt } }`, { id: modelId });
    const model = data.model;
    expect(model).toMatchObject({ kind: 'EASE', status: 'READY', active: true });
    expect(model.params).toMatchObject({ lambda: 400, holdoutFraction: 0.1, eventWeights: { PURCHASE: 8, RETURN: -8 } });
    expect(model.metrics['ndcg@10']).toBeGreaterThan(0);
    expect(model.metrics.evaluatedUsers).toBeGreaterThan(100);
    expect(model.dataDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(model.configDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const [artifact] = await h.db.dataSource.query(`SELECT format, length(data) AS n FROM model_artifacts WHERE model_id = $1`, [modelId]);
    expect(artifact.format).toBe('aisle-model-v1');
    expect(Number(artifact.n)).toBeGreaterThan(80 * 80 * 4);
  });

  it('trains ALS and POPULARITY; the personalised models beat popularity on the planted demo', async () => {
    const als = await runJob(h, 'ALS', { factors: 32, iterations: 10 });
    expect(als.job.status).toBe('SUCCEEDED');
    const pop = await runJob(h, 'POPULARITY');
    expect(pop.job.status).toBe('SUCCEEDED');
    const { data } = await h.gql(MODELS, {});
    const byKind = Object.fromEntries(data.models.edges.map((e: any) => [e.node.kind, e.node]));
    expect(byKind.ALS.params).toMatchObject({ factors: 32, iterations: 10, regularization: 100, alpha: 20 });
    const popularity = byKind.POPULARITY.metrics['ndcg@10'];
    expect(popularity).toBeGreaterThan(0);
    expect(byKind.EASE.metrics['ndcg@10']).toBeGreaterThan(popularity);
    expect(byKind.ALS.metrics['ndcg@10']).toBeGreaterThan(popularity);
  });

  it('trains BPR and ITEM_KNN too, each a READY version with positive holdout nDCG', async () => {
    for (const [kind, params] of [['BPR', { factors: 16, epochs: 20 }], ['ITEM_KNN', { neighbors: 20 }]] as const) {
      const { job } = await runJob(h, kind, params);
      expect(job.status).toBe('SUCCEEDED');
      expect(job.result.metrics['ndcg@10']).toBeGreaterThan(0);
    }
  });

  it('autotune searches the free hyper-parameters on a validation split and records the choice as the params', async () => {
    const { job } = await runJob(h, 'ITEM_KNN', { autotune: true, shrink: 5 });
    expect(job.status).toBe('SUCCEEDED');
    const tuning = job.result.metrics.autotune;
    // neighbors is free (2 values), shrink was fixed by the client: two trials, both with shrink 5
    expect(tuning.trials).toHaveLength(2);
    expect(tuning.trials.every((t: any) => t.params.shrink === 5)).toBe(true);
    const best = Math.max(...tuning.trials.map((t: any) => t['ndcg@10']));
    expect(tuning.trials.find((t: any) => t['ndcg@10'] === best).params).toEqual(tuning.chosen);
    const { data } = await h.gql(`query($id: ID!) { model(id: $id) { params } }`, { id: job.result.modelId });
    expect(data.model.params).toMatchObject({ ...tuning.chosen, autotune: true });
    expect(errorCodes(await h.gql(TRAIN, { kind: 'EASE', params: { autotune: 'yes' } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('activateModel switches the active version of a kind atomically', async () => {
    const second = await runJob(h, 'EASE', { lambda: 100 });
    expect(second.job.status).toBe('SUCCEEDED');
    expect(second.job.result.activated).toBe(false);
    const before = await h.gql(MODELS, { kind: 'EASE' });
    expect(before.data.models.totalCount).toBe(2);
    const [newest, oldest] = before.data.models.edges.map((e: any) => e.node);
    expect(activeIds([newest, oldest])).toEqual([oldest.id]);
    expect(newest.configDigest).not.toBe(oldest.configDigest);
    expect(newest.dataDigest).toBe(oldest.dataDigest);

    const switched = await Promise.all([h.gql(ACTIVATE, { id: newest.id }), h.gql(ACTIVATE, { id: oldest.id })]);
    for (const r of switched) expect(r.errors).toBeUndefined();
    const after = await h.gql(MODELS, { kind: 'EASE' });
    expect(activeIds(after.data.models.edges.map((e: any) => e.node))).toHaveLength(1);
    const again = await h.gql(ACTIVATE, { id: newest.id });
    expect(again.data.activateModel).toMatchObject({ id: newest.id, active: true });
    const final = await h.gql(MODELS, { kind: 'EASE' });
    expect(activeIds(final.data.models.edges.map((e: any) => e.node))).toEqual([newest.id]);
    const others = await h.db.dataSource.query(`SELECT kind, count(*)::int AS n FROM model_versions WHERE active GROUP BY kind`);
    for (const row of others) expect(row.n).toBe(1);
  });

  it('refuses to activate unknown and failed versions', async () => {
    const unknown = await h.gql(ACTIVATE, { id: '999999' });
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
    const [failed] = await h.db.dataSource.query(
      `INSERT INTO model_versions (kind, status, params) VALUES ('BPR', 'FAILED', '{}') RETURNING id::text AS id`,
    );
    const result = await h.gql(ACTIVATE, { id: failed.id });
    expect(errorCodes(result)).toEqual(['MODEL_NOT_READY']);
  });

  it('lists jobs newest first with a status filter', async () => {
    const { data } = await h.gql(`{ jobs(first: 2, status: SUCCEEDED) { totalCount edges { node { id kind status progress } } pageInfo { hasNextPage endCursor } } }`);
    expect(data.jobs.totalCount).toBe(7);
    expect(data.jobs.edges).toHaveLength(2);
    expect(data.jobs.pageInfo.hasNextPage).toBe(true);
    const ids = data.jobs.edges.map((e: any) => Number(e.node.id));
    expect(ids[0]).toBeGreaterThan(ids[1]);
    expect(data.jobs.edges[0].node).toMatchObject({ kind: 'TRAIN_MODEL', status: 'SUCCEEDED', progress: 1 });
    const next = await h.gql(`query($after: String) { jobs(first: 10, after: $after, status: SUCCEEDED) { edges { node { id } } } }`, {
      after: data.jobs.pageInfo.endCursor,
    });
    expect(next.data.jobs.edges).toHaveLength(5);
  });
});
