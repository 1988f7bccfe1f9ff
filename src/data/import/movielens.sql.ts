import type { PoolClient } from 'pg';
import type { MergeCounts } from './import.types';
import { createStageTable, runCount, runUpsert } from './staging';

/**
 * Staging tables and merge statements of the MovieLens import. Same rules as Online Retail: upserts leave
 * unchanged rows alone, events are insert-only under their deterministic event_id.
 */

export const ML_STAGE = {
  categories: 'ml_stage_categories',
  users: 'ml_stage_users',
  products: 'ml_stage_products',
  ratings: 'ml_stage_ratings',
} as const;

export const ML_STAGE_COLUMNS = {
  categories: ['external_id', 'name'],
  users: ['external_id', 'attributes'],
  products: ['external_id', 'name', 'category', 'attributes'],
  ratings: ['user_ext', 'item_ext', 'rating', 'rated_at'],
} as const;

/** Creates the four staging tables. */
export async function createMovieLensStages(client: PoolClient): Promise<void> {
  await createStageTable(client, ML_STAGE.categories, `external_id text PRIMARY KEY, name text NOT NULL`);
  await createStageTable(client, ML_STAGE.users, `external_id text PRIMARY KEY, attributes jsonb NOT NULL`);
  await createStageTable(
    client,
    ML_STAGE.products,
    `external_id text PRIMARY KEY, name text NOT NULL, category text, attributes jsonb NOT NULL`,
  );
  await createStageTable(
    client,
    ML_STAGE.ratings,
    `user_ext text NOT NULL, item_ext text NOT NULL, rating double precision NOT NULL, rated_at timestamptz NOT NULL`,
  );
}

const UPSERT_CATEGORIES = `
  INSERT INTO categories AS t (external_id, name)
  SELECT external_id, name FROM ${ML_STAGE.categories}
  ON CONFLICT (external_id) DO UPDATE SET name = EXCLUDED.name WHERE t.name IS DISTINCT FROM EXCLUDED.name
  RETURNING (xmax = 0) AS inserted`;

const UPSERT_USERS = `
  INSERT INTO users AS t (external_id, attributes)
  SELECT external_id, attributes FROM ${ML_STAGE.users}
  ON CONFLICT (external_id) DO UPDATE
    SET attributes = COALESCE(t.attributes, '{}'::jsonb) || EXCLUDED.attributes, updated_at = now()
    WHERE NOT (COALESCE(t.attributes, '{}'::jsonb) @> EXCLUDED.attributes)
  RETURNING (xmax = 0) AS inserted`;

/** Movies are free to watch here: price 0 on insert; an existing product's price is left alone. */
const UPSERT_PRODUCTS = `
  INSERT INTO products AS t (external_id, name, category_id, price, active, attributes)
  SELECT s.external_id, s.name, c.id, 0, true, s.attributes
  FROM ${ML_STAGE.products} s LEFT JOIN categories c ON c.external_id = s.category
  ON CONFLICT (external_id) DO UPDATE
    SET name = EXCLUDED.name, category_id = EXCLUDED.category_id,
        attributes = COALESCE(t.attributes, '{}'::jsonb) || EXCLUDED.attributes, updated_at = now()
    WHERE (t.name, t.category_id) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.category_id)
       OR NOT (COALESCE(t.attributes, '{}'::jsonb) @> EXCLUDED.attributes)
  RETURNING (xmax = 0) AS inserted`;

const INSERT_RATINGS = `
  INSERT INTO events (event_id, user_id, product_id, type, value, occurred_at)
  SELECT 'ml:' || s.user_ext || ':' || s.item_ext, u.id, p.id, 'RATING', s.rating, s.rated_at
  FROM ${ML_STAGE.ratings} s
  JOIN users u ON u.external_id = s.user_ext
  JOIN products p ON p.external_id = s.item_ext
  ON CONFLICT (event_id) DO NOTHING`;

/** Merges categories, users, products (each before what references it). */
export async function mergeMovieLensDimensions(client: PoolClient, counts: MergeCounts): Promise<void> {
  ({ created: counts.created.categories, updated: counts.updated.categories } = await runUpsert(
    client,
    UPSERT_CATEGORIES,
  ));
  ({ created: counts.created.users, updated: counts.updated.users } = await runUpsert(client, UPSERT_USERS));
  ({ created: counts.created.products, updated: counts.updated.products } = await runUpsert(client, UPSERT_PRODUCTS));
}

/** Inserts the ratings as RATING events. */
export async function insertMovieLensRatings(client: PoolClient, counts: MergeCounts): Promise<void> {
  counts.created.events = await runCount(client, INSERT_RATINGS);
}
