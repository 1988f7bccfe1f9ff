import { loadAddon } from './addon';

/** The widest SIMD instruction set the CPU running the process supports (detected at run time). */
export type SimdLevel = 'avx512' | 'avx2' | 'sse4' | 'neon' | 'scalar';

/** Whether the addon was built with CUDA and whether a device answers now; `reason` says why not. */
export interface CudaCapabilities {
  compiled: boolean;
  available: boolean;
  deviceCount: number;
  deviceName: string | null;
  reason?: string;
}

/** What this process's compute layer can do; logged at boot and shown on the health endpoint. */
export interface Capabilities {
  /** Threads each kernel spreads over (AISLE_THREADS, else the hardware thread count). */
  threads: number;
  simd: SimdLevel;
  cuda: CudaCapabilities;
  /** The addon's version (package.json's at build time): differs from the package when the build is stale. */
  version: string;
}

/**
 * Reports threads, SIMD level, CUDA state and version. Synchronous and cheap: the CUDA device query runs once
 * per process and is remembered by the addon. Returns a fresh object each call, so callers may keep or change it.
 */
export function capabilities(): Capabilities {
  const native = loadAddon().capabilities();
  const cuda: CudaCapabilities = {
    compiled: native.cuda.compiled,
    available: native.cuda.available,
    deviceCount: native.cuda.deviceCount,
    deviceName: native.cuda.deviceName,
  };
  if (native.cuda.reason !== undefined) cuda.reason = native.cuda.reason;
  return { threads: native.threads, simd: native.simd, cuda, version: native.version };
}
