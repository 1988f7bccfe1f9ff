import path from 'node:path';
import { importMovieLens } from '../../src/data/import/movielens.importer';
import { ImportFormatError } from '../../src/data/import/import.types';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const MINI = path.join(__dirname, '..', 'fixtures', 'movielens-mini');

describe('import movielens (mini fixture in the ml-100k layout)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('imports genres, users, movies and ratings, counting what it skips', async () => {
    const summary = await importMovieLens(db.dataSource, MINI);
    expect(summary).toMatchObject({
      source: 'movielens',
      rowsRead: 12,
      rowsImported: 6,
      skipped: {
        'u.user:malformed_line': 1,
        'u.item:malformed_line': 1,
        duplicate_rating: 1,
        unknown_user: 1,
        unknown_item: 1,
        bad_rating: 2,
        malformed_line: 1,
      },
      created: { users: 3, categories: 4, products: 4, orders: 0, orderLines: 0, events: 6 },
    });
  });

  it('keeps demographics, genres, release dates and latin-1 titles', async () => {
    const users = await db.dataSource.query(`SELECT external_id, attributes FROM users ORDER BY external_id`);
    expect(users[0]).toEqual({
      external_id: '1',
      attributes: { source: 'movielens', age: 31, gender: 'F', occupation: 'librarian', zip: '10001' },
    });
    const products = await db.dataSource.query(`
      SELECT p.external_id, p.name, p.price::text, c.external_id AS category, p.attributes
      FROM products p LEFT JOIN categories c ON c.id = p.category_id ORDER BY p.external_id`);
    expect(products.map((p: Record<string, unknown>) => [p.external_id, p.name, p.price, p.category])).toEqual([
      ['1', 'Café Evenings (1995)', '0.0000', 'genre:Comedy'],
      ['2', 'Action Film (1996)', '0.0000', 'genre:Action'],
      ['3', 'unknown', '0.0000', 'genre:unknown'],
      ['4', 'No Genre (1997)', '0.0000', null],
    ]);
    expect(products[0].attributes).toEqual({
      source: 'movielens',
      genres: ['Comedy', 'Drama'],
      releaseDate: '1995-01-01',
      imdbUrl: 'http://example.org/title?cafe',
    });
    const unknown = { source: 'movielens', genres: ['unknown'], releaseDate: null, imdbUrl: null };
    expect(products[2].attributes).toEqual(unknown);
    expect(products[3].attributes.genres).toEqual([]);
  });

  it('writes ratings as RATING events at their unix time, the first of a duplicate pair winning', async () => {
    const events = await db.dataSource.query(`
      SELECT e.event_id, e.type, e.value, e.occurred_at FROM events e ORDER BY e.event_id`);
    expect(events).toHaveLength(6);
    expect(events[0]).toEqual({
      event_id: 'ml:1:1',
      type: 'RATING',
      value: 5,
      occurred_at: new Date(880000000 * 1000),
    });
    const ids = events.map((e: { event_id: string }) => e.event_id);
    expect(ids).toEqual(['ml:1:1', 'ml:1:2', 'ml:2:1', 'ml:2:3', 'ml:3:2', 'ml:3:4']);
  });

  it('changes nothing when run again', async () => {
    const before = await db.dataSource.query(`SELECT * FROM events ORDER BY id`);
    const again = await importMovieLens(db.dataSource, MINI);
    expect(again.rowsRead).toBe(12);
    expect(again.created).toEqual({ users: 0, categories: 0, products: 0, orders: 0, orderLines: 0, events: 0 });
    expect(again.updated).toEqual(again.created);
    expect(await db.dataSource.query(`SELECT * FROM events ORDER BY id`)).toEqual(before);
  });

  it('rolls back when a step fails, and refuses a folder without the files', async () => {
    await db.dataSource.query(`DELETE FROM events WHERE event_id = 'ml:3:4'`);
    await expect(
      importMovieLens(db.dataSource, MINI, {
        hooks: {
          beforeCommit: () => {
            throw new Error('injected');
          },
        },
      }),
    ).rejects.toThrow('injected');
    expect(await db.dataSource.query(`SELECT 1 FROM events WHERE event_id = 'ml:3:4'`)).toEqual([]);
    await expect(importMovieLens(db.dataSource, __dirname)).rejects.toThrow(ImportFormatError);
  });
});
