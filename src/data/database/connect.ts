import type { DataSource } from 'typeorm';
import type { AisleConfig } from '../../config';
import { openDatabase } from '../data-source';
import { startEmbeddedPostgres } from './embedded-postgres';

/** An open, migrated database and the one call that releases everything behind it. */
export interface AisleDatabase {
  dataSource: DataSource;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Opens the database the configuration names: DATABASE_URL when set, otherwise the embedded server
 * under AISLE_DATA_DIR. Migrations run on every open, so a fresh or an old database is brought up to date.
 */
export async function connectDatabase(config: AisleConfig, log: (m: string) => void = () => undefined): Promise<AisleDatabase> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPort, log });
  const url = config.databaseUrl ?? embedded!.url;
  try {
    const dataSource = await openDatabase({ url });
    return {
      dataSource,
      url,
      embedded: Boolean(embedded),
      close: async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
