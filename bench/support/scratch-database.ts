import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/data/data-source';

/** The server benchmarks create their scratch databases on: DATABASE_URL, else the local test server. */
export const BENCH_ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs one statement on `url` with a short-lived connection; returns its rows. */
export async function adminQuery(url: string, sql: string): Promise<any[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A fresh, empty database on the admin server (migrated by whoever opens it) and the call that drops it. */
export async function scratchDatabase(adminUrl = BENCH_ADMIN_URL): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `aisle_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) };
}

/** Prints one JSON result line tagged with the benchmark's name. */
export function emitter(bench: string): (record: Record<string, unknown>) => void {
  return (record) => process.stdout.write(JSON.stringify({ bench, ...record }) + '\n');
}

/** Runs `work` on a migrated scratch database (`poolSize` connections), closed and dropped afterwards whatever happens. */
export async function withScratchDataSource<T>(poolSize: number, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const scratch = await scratchDatabase();
  try {
    const dataSource = await openDatabase({ url: scratch.url, poolSize });
    try {
      return await work(dataSource);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await scratch.drop();
  }
}
