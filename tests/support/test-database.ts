import { randomBytes } from 'node:crypto';
import { Client, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/data/data-source';

/** A fresh, migrated database for one test file, dropped again by `drop()`. */
export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

function adminUrl(): string {
  return process.env.AISLE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with a random name, without migrations. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `aisle_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: withDatabase(adminUrl(), name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Creates a database, runs every migration and opens a data source on it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const empty = await createEmptyDatabase();
  const dataSource = await openDatabase({ url: empty.url, poolSize: 4 });
  return {
    url: empty.url,
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await empty.drop();
    },
  };
}

/** A fresh test database and one raw pg connection to it, for COPY-level tests; `close` releases it and drops both. */
export async function createTestClient(): Promise<{ client: PoolClient; close(): Promise<void> }> {
  const db = await createTestDatabase();
  const runner = db.dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  return {
    client,
    close: async () => {
      await runner.release();
      await db.drop();
    },
  };
}
