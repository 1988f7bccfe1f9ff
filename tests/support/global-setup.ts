import { Client } from 'pg';

/**
 * Tests run against a real PostgreSQL: AISLE_TEST_DATABASE_URL, else DATABASE_URL, else the server these
 * machines run on 127.0.0.1:5432. Each test file creates its own database on it (see test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  const url =
    process.env.AISLE_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  process.env.AISLE_TEST_DATABASE_URL = url;
  process.env.NODE_ENV = process.env.NODE_ENV ?? 'test';
  // parity tests compare against CPU references at tight tolerances; the CUDA ones ask for the device explicitly
  process.env.AISLE_DEVICE = process.env.AISLE_DEVICE ?? 'cpu';
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(`Tests need PostgreSQL at ${url} (set AISLE_TEST_DATABASE_URL): ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
