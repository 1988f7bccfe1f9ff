import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { createContextFactory } from './api/context';
import { createApolloServer } from './api/graphql-server';
import { buildAisleSchema } from './api/schema';
import { capabilities, resolveDevice } from './compute';
import type { AisleConfig, Logger } from './config';
import { connectDatabase } from './data/database/connect';
import { loadDemoShop } from './domain/demo';
import { trainStarterModels } from './domain/models/starter-models';
import { bridgeChanges } from './data/database/change-channel';
import type { RequestContext } from './domain/common/request-context';
import type { JobRecord } from './domain/jobs/job.records';
import { createJobQueue } from './domain/jobs/create-job-queue';
import { createDomainServices, type DomainServices } from './domain/services';
import { createHttpServer } from './server/http-server';
import { createMetrics, readiness } from './server/observability';

/** A serving Aisle process and the one call that shuts it down in order. */
export interface RunningAisle {
  url: string;
  port: number;
  databaseUrl: string;
  /** The process's domain services (benchmarks and tests inspect them). */
  services: DomainServices;
  stop(): Promise<void>;
}

async function databaseIsEmpty(query: (sql: string) => Promise<Array<{ n: number }>>): Promise<boolean> {
  const [row] = await query(`SELECT (SELECT count(*) FROM products)::int + (SELECT count(*) FROM users)::int AS n`);
  return row.n === 0;
}

/**
 * Composition root: config → device check → database (embedded unless DATABASE_URL) → demo shop on an
 * empty database → schema → HTTP. Refuses to start when AISLE_DEVICE=cuda and no device answers.
 */
export async function startAisle(config: AisleConfig, logger: Logger): Promise<RunningAisle> {
  const caps = capabilities();
  const device = resolveDevice(config.device, caps);
  logger.info({ device, threads: caps.threads, simd: caps.simd }, 'compute ready');
  const db = await connectDatabase(config, (m) => logger.debug({ pg: m }));
  const cleanup: Array<() => Promise<void>> = [];
  try {
    let demoLoaded = false;
    if (config.demoOnEmpty && (await databaseIsEmpty((sql) => db.dataSource.query(sql)))) {
      demoLoaded = true;
      logger.info('empty database: loading the demo shop');
      const summary = await loadDemoShop(db.dataSource, {});
      logger.info({ summary }, 'demo shop loaded');
    }
    const schema = await buildAisleSchema();
    const startup = { requestId: 'startup', logger, dataSource: db.dataSource, limits: { maxBatch: config.maxBatch } };
    const backend = await startBackend(config, db.url, startup);
    cleanup.push(backend.stop);
    const { services } = backend;
    const probe = { ...startup, requestId: 'probe' };
    const metrics = createMetrics({ ctx: probe, services, capabilities });
    const apollo = createApolloServer({ schema, logger, production: config.production, limits: config.limits, metrics });
    const context = createContextFactory({ dataSource: db.dataSource, config, logger, capabilities, services });
    if (!config.production && !(await services.apiKeys.hasKeys(startup))) {
      logger.warn(
        'NO API KEYS CONFIGURED: this development server accepts every request as ADMIN. Create keys with ' +
          '`aisle keys create --role ADMIN --name me`; with keys (or NODE_ENV=production) every request needs one.',
      );
    }
    const queued = await trainStarterModels(startup, services.models, config.training.easeMaxItems);
    const segmentsJob = await services.segments.refreshIfNeverRefreshed(startup);
    if (segmentsJob) queued.push(segmentsJob);
    if (queued.length > 0 && demoLoaded && config.jobs.runJobs) {
      // a fresh demo shop is small (its models train in seconds): serve it with models from the first request
      logger.info({ jobs: queued.length }, 'training the starter models of the demo shop');
      await waitForJobs(startup, services, queued.map((j) => j.id));
    } else if (queued.length > 0) {
      logger.info({ jobs: queued.map((j) => ({ id: j.id, params: j.params })) }, 'training starter models in the background');
    }
    const ready = () => readiness({ ctx: probe, services, capabilities });
    const http = createHttpServer({ apollo, context, ready, logger, maxBodyBytes: config.maxBodyBytes, metrics });
    apollo.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer: http }));
    await apollo.start();
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.port, config.host, () => resolve());
    });
    const port = (http.address() as AddressInfo).port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`;
    logger.info({ url, embeddedDatabase: db.embedded }, 'Aisle is serving');
    return {
      url,
      port,
      databaseUrl: db.url,
      services,
      stop: async () => {
        await apollo.stop();
        await backend.stop();
        await db.close();
      },
    };
  } catch (error) {
    for (const undo of cleanup.reverse()) await undo().catch(() => undefined);
    await db.close();
    throw error;
  }
}

/** Polls jobs until each has finished (whichever process runs them). */
export async function waitForJobs(ctx: RequestContext, services: DomainServices, ids: string[]): Promise<JobRecord[]> {
  const done: JobRecord[] = [];
  for (const id of ids) {
    for (;;) {
      const job = await services.jobs.get(ctx, id);
      if (!job || job.status === 'SUCCEEDED' || job.status === 'FAILED') {
        if (job) done.push(job);
        break;
      }
      await sleep(100);
    }
  }
  return done;
}

/** Domain services with the configured job queue, bridged to the other processes on the database. */
export interface Backend {
  services: DomainServices;
  stop(): Promise<void>;
}

/**
 * The parts an API process and a worker share: the job queue (pg-boss unless AISLE_JOB_QUEUE=memory; working jobs
 * unless AISLE_RUN_JOBS=0), the services, and the LISTEN/NOTIFY bridge that tells this process what others changed
 * (a model activated, a user's new events, a catalogue write). `stop` hands unfinished jobs back and closes both.
 */
export async function startBackend(config: AisleConfig, databaseUrl: string, startup: RequestContext, work = config.jobs.runJobs): Promise<Backend> {
  const jobQueue = await createJobQueue(config.jobs, config.training, databaseUrl, startup, work);
  const services = createDomainServices({ capabilities, training: config.training, serving: config.serving, jobQueue });
  const closeBridge = await bridgeChanges(databaseUrl, startup.dataSource, services.changes, (error) =>
    startup.logger.warn({ err: error }, 'change notifications: connection problem'),
  );
  try {
    await jobQueue.start();
  } catch (error) {
    await closeBridge();
    throw error;
  }
  return {
    services,
    stop: async () => {
      await jobQueue.stop();
      await closeBridge();
    },
  };
}
