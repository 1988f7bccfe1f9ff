import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TopKInput } from './topk.types';

/** What the native capabilities() returns (see capabilities.ts for the documented public shape). */
export interface NativeCapabilities {
  threads: number;
  simd: 'avx512' | 'avx2' | 'sse4' | 'neon' | 'scalar';
  cuda: { compiled: boolean; available: boolean; deviceCount: number; deviceName: string | null; reason?: string };
  version: string;
}

/** The arguments object native topK() reads: TopKInput's fields, which topk.ts validates and copies alone. */
export type NativeTopKArgs = TopKInput;

/** The raw native exports. Only this directory talks to them. */
export interface NativeAddon {
  capabilities(): NativeCapabilities;
  topK(args: NativeTopKArgs): Promise<{ ids: Int32Array; scores: Float32Array; counts: Int32Array }>;
}

const ADDON_RELATIVE_PATH = path.join('build', 'Release', 'aisle_native.node');

/**
 * The project root: the nearest directory above `from` holding a package.json named "aisle". Walking up (not a
 * fixed `../..`) keeps one answer whether this file runs from src/compute under ts-jest or dist/src/compute.
 */
export function findProjectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && packageName(manifest) === 'aisle') return dir;
    if (path.dirname(dir) === dir) throw new Error(`Aisle: no package.json named "aisle" above ${from}`);
  }
}

function packageName(manifest: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

let loaded: NativeAddon | undefined;

/**
 * Loads build/Release/aisle_native.node once per process (later calls return the same module). Throws an
 * Error that says to run `npm run build:native` when the file is missing, and keeps the loader's message when
 * it exists but cannot be loaded (wrong platform, missing symbol).
 */
export function loadAddon(): NativeAddon {
  if (loaded) return loaded;
  const file = path.join(findProjectRoot(), ADDON_RELATIVE_PATH);
  if (!existsSync(file)) {
    throw new Error(`Aisle native addon not found at ${file}: run \`npm run build:native\` to build it`);
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a .node file can only be require()d
    loaded = require(file) as NativeAddon;
  } catch (error) {
    const reason = (error as Error).message;
    throw new Error(`Aisle native addon at ${file} failed to load (rebuild: \`npm run build:native\`): ${reason}`);
  }
  return loaded;
}

/**
 * The loaded addon seen through exports declared beside their caller (the factorisation and item-model
 * wrappers), so each kernel family types only what it calls.
 */
export function nativeExports<T>(): T {
  return loadAddon() as unknown as T;
}
