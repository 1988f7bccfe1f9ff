import { Writable } from 'node:stream';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import pino from 'pino';
import { ApiContext, createContextFactory } from '../../src/api/context';
import { createApolloServer } from '../../src/api/graphql-server';
import { buildAisleSchema } from '../../src/api/schema';
import type { Capabilities } from '../../src/compute';
import { createTestDatabase, TestDatabase } from './test-database';

/** What one GraphQL operation answered, as a client would see it after JSON (Dates as ISO strings). */
export interface GqlResult<T = any> {
  data?: T | null;
  errors?: GraphQLFormattedError[];
  /** Response headers (e.g. x-request-id). */
  headers: Map<string, string>;
}

/** A real Apollo server on a fresh, migrated database, plus the logs it wrote. */
export interface GraphQLHarness {
  db: TestDatabase;
  server: ApolloServer<ApiContext>;
  /** Runs one operation through the server with a fresh per-request context. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult<T>>;
  /** Parsed JSON log lines written so far (level debug and up). */
  logs: Array<Record<string, any>>;
  close(): Promise<void>;
}

/** Fixed addon capabilities for tests, so health does not depend on the native build. */
export const TEST_CAPABILITIES: Capabilities = {
  threads: 3,
  simd: 'avx2',
  cuda: { compiled: false, available: false, deviceCount: 0, deviceName: null, reason: 'not compiled' },
  version: '0.0.0-test',
};

export interface HarnessOptions {
  maxBatch?: number;
  production?: boolean;
  capabilities?: () => Capabilities;
}

/**
 * Builds schema, Apollo server and context factory exactly as the process does, on a database of its own.
 * Call `close()` in afterAll.
 */
export async function createGraphQLHarness(options: HarnessOptions = {}): Promise<GraphQLHarness> {
  const db = await createTestDatabase();
  const logs: Array<Record<string, any>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const server = createApolloServer({ schema: await buildAisleSchema(), logger, production: options.production ?? false });
  await server.start();
  const context = createContextFactory({
    dataSource: db.dataSource,
    config: { maxBatch: options.maxBatch ?? 10_000, production: options.production ?? false },
    logger,
    capabilities: options.capabilities ?? (() => TEST_CAPABILITIES),
  });
  return {
    db,
    server,
    logs,
    async gql(query, variables, headers = {}) {
      const response = await server.executeOperation({ query, variables }, { contextValue: await context({ headers }) });
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not expected');
      const body = JSON.parse(JSON.stringify(response.body.singleResult));
      return { ...body, headers: new Map(response.http.headers) };
    },
    async close() {
      await server.stop();
      await db.drop();
    },
  };
}

/** The `extensions.code`s of a result's errors. */
export function errorCodes(result: GqlResult): unknown[] {
  return (result.errors ?? []).map((error) => error.extensions?.code);
}
