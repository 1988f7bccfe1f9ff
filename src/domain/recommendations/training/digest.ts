import { createHash } from 'node:crypto';
import type { TrainingData } from './interactions';

/** sha256 of the training matrix and its id maps: equal digests mean a model saw exactly the same data. */
export function dataDigest(data: TrainingData): string {
  const hash = createHash('sha256');
  for (const array of [data.csr.indptr, data.csr.indices, data.csr.values]) {
    hash.update(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
  }
  hash.update(JSON.stringify([data.userIds, data.itemIds]));
  return `sha256:${hash.digest('hex')}`;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** sha256 of the kind and every parameter (event weights included) in canonical key order: shows staleness. */
export function configDigest(kind: string, params: Record<string, unknown>, extra: Record<string, unknown>): string {
  const text = JSON.stringify(canonical({ kind, params, ...extra }));
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
