import fs from 'node:fs/promises';
import path from 'node:path';
import { buildAisleSchema, printAisleSchema } from './schema';

/** Where the committed schema lives, relative to the repository root. */
export const SCHEMA_FILE = 'schema/schema.graphql';

/**
 * Writes the printed schema to `file` (default schema/schema.graphql) and returns the text; what
 * `npm run schema` calls so the committed SDL follows the code.
 */
export async function emitSchema(file: string = SCHEMA_FILE): Promise<string> {
  const text = printAisleSchema(await buildAisleSchema());
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.writeFile(file, text, 'utf8');
  return text;
}
