import os from 'node:os';

/** Format tag stored in model_artifacts.format for encodeArtifact's layout. */
export const ARTIFACT_FORMAT = 'aisle-model-v1';

/** One named array of an artifact. */
export type ArtifactArray = Float32Array | Int32Array;

/** What a model version stores: its kind, the dense-index → database-id maps, and its weight arrays. */
export interface ModelArtifact {
  kind: string;
  userIds: string[];
  itemIds: string[];
  arrays: Record<string, ArtifactArray>;
}

interface Header {
  kind: string;
  userIds: string[];
  itemIds: string[];
  arrays: Array<{ name: string; type: 'f32' | 'i32'; offset: number; length: number }>;
}

function assertLittleEndian(): void {
  // typed arrays use the host byte order; every platform Aisle builds for is little-endian
  if (os.endianness() !== 'LE') throw new Error('model artifacts are written little-endian; this host is big-endian');
}

/**
 * Layout `aisle-model-v1`: uint32 LE header length, the header as UTF-8 JSON (kind, id maps, array table), zero
 * padding to a multiple of 4, then each array's raw little-endian Float32/Int32 elements at its recorded offset
 * (relative to the end of the padded header). Readers map arrays without parsing numbers one by one.
 */
export function encodeArtifact(artifact: ModelArtifact): Buffer {
  assertLittleEndian();
  const arrays: Header['arrays'] = [];
  let offset = 0;
  for (const [name, array] of Object.entries(artifact.arrays)) {
    arrays.push({ name, type: tagOf(array) === 'Float32Array' ? 'f32' : 'i32', offset, length: array.length });
    offset += array.byteLength;
  }
  const header: Header = { kind: artifact.kind, userIds: artifact.userIds, itemIds: artifact.itemIds, arrays };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = 4 + json.length + ((4 - ((4 + json.length) % 4)) % 4);
  const out = Buffer.alloc(start + offset);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  for (const entry of arrays) {
    const array = artifact.arrays[entry.name];
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(out, start + entry.offset);
  }
  return out;
}

/** Reads an `aisle-model-v1` buffer back (copies the arrays so they are aligned and independent of the buffer). */
export function decodeArtifact(data: Buffer): ModelArtifact {
  assertLittleEndian();
  const length = data.readUInt32LE(0);
  const header = JSON.parse(data.subarray(4, 4 + length).toString('utf8')) as Header;
  const start = 4 + length + ((4 - ((4 + length) % 4)) % 4);
  const arrays: Record<string, ArtifactArray> = {};
  for (const entry of header.arrays) {
    const bytes = data.subarray(start + entry.offset, start + entry.offset + entry.length * 4);
    const copy = new Uint8Array(bytes).buffer;
    arrays[entry.name] = entry.type === 'f32' ? new Float32Array(copy) : new Int32Array(copy);
  }
  return { kind: header.kind, userIds: header.userIds, itemIds: header.itemIds, arrays };
}

/**
 * The type tag of a typed array. Not `instanceof`: arrays the addon creates may come from another realm (a jest
 * sandbox, a worker), where the constructor is a different object.
 */
function tagOf(value: unknown): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

/** The Float32Array/Int32Array properties of a kernel's result, by name (what an artifact stores of it). */
export function typedArraysOf(model: object): Record<string, ArtifactArray> {
  const out: Record<string, ArtifactArray> = {};
  for (const [name, value] of Object.entries(model)) {
    const tag = tagOf(value);
    if (tag === 'Float32Array' || tag === 'Int32Array') out[name] = value as ArtifactArray;
  }
  return out;
}
