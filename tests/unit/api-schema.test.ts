import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildASTSchema, parse } from 'graphql';
import { emitSchema } from '../../src/api/emit-schema';
import { buildAisleSchema, printAisleSchema, SCHEMA_HEADER } from '../../src/api/schema';

const SCHEMA_FILE = path.join(__dirname, '../../schema/schema.graphql');

describe('schema/schema.graphql', () => {
  it('matches the schema the code builds', async () => {
    const printed = printAisleSchema(await buildAisleSchema());
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    if (committed !== printed) {
      throw new Error('schema/schema.graphql is out of date with src/api: run `npm run schema` and commit the result');
    }
  });

  it('is valid SDL carrying the public names of the contract', () => {
    const text = fs.readFileSync(SCHEMA_FILE, 'utf8');
    expect(text.startsWith(SCHEMA_HEADER)).toBe(true);
    const schema = buildASTSchema(parse(text));
    const query = schema.getQueryType()!.getFields();
    for (const name of ['user', 'users', 'product', 'products', 'categories', 'health']) expect(query[name]).toBeDefined();
    const mutation = schema.getMutationType()!.getFields();
    for (const name of ['upsertProducts', 'upsertUsers', 'upsertCategories', 'recordEvents', 'recordOrders']) {
      expect(mutation[name]).toBeDefined();
    }
    const connection = schema.getType('ProductConnection')!.toString();
    expect(connection).toBe('ProductConnection');
    expect(Object.keys((schema.getType('PageInfo') as any).getFields())).toEqual(
      expect.arrayContaining(['hasNextPage', 'endCursor']),
    );
  });

  it('emitSchema writes exactly what the check compares against', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aisle-schema-'));
    try {
      const file = path.join(dir, 'nested', 'schema.graphql');
      const text = await emitSchema(file);
      expect(fs.readFileSync(file, 'utf8')).toBe(text);
      expect(text).toBe(printAisleSchema(await buildAisleSchema()));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
