import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

/** Options a data source needs beyond the URL. */
export interface DataSourceOptions {
  url: string;
  /** Connections in the pool; PostgreSQL on the same 2 cores gains nothing past a handful. */
  poolSize?: number;
  logging?: boolean;
}

/** Builds (but does not open) the one TypeORM data source; schema changes only through migrations. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'aisle_migrations',
    synchronize: false,
    logging: options.logging ?? false,
    // JIT compiles plans PostgreSQL estimates as costly, which the segment refresh's scans of millions of rows are:
    // there it cost more than it saved (the 1M-user bench shop's orders ⋈ lines read, by hand in psql: 4.6 s with,
    // 3.3 s without)
    extra: { max: options.poolSize ?? 10, options: '-c jit=off' },
  });
}

/** Opens the data source and applies pending migrations in one transaction each. */
export async function openDatabase(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = createDataSource(options);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
