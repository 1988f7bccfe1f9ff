import fs from 'node:fs';
import path from 'node:path';
import type { Capabilities } from '../../compute';
import type { RequestContext } from '../common/request-context';
import { query } from '../common/sql';

/** Supplies the addon's capabilities; injected so neither the API nor this service loads the addon. */
export type CapabilitiesProvider = () => Capabilities;

/** The addon part of the health report. */
export interface AddonHealth {
  threads: number;
  simd: string;
  /** A CUDA device answers now. */
  cuda: boolean;
  /** The addon was built with CUDA. */
  cudaCompiled: boolean;
  deviceCount: number;
  deviceName: string | null;
  /** Why CUDA is not available, when it is not. */
  cudaReason: string | null;
  /** The addon's build version; differs from `version` when the native build is stale. */
  version: string;
}

/** The health report: overall status, version, database reachability and latency, addon capabilities. */
export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  database: 'ok' | 'unavailable';
  databaseLatencyMs: number | null;
  addon: AddonHealth | null;
}

/** How long the database probe may take before the database counts as unavailable. */
const DATABASE_TIMEOUT_MS = 2000;

let cachedVersion: string | undefined;

/** The version in the nearest package.json named "aisle" above this file (works from src/ and dist/). */
export function packageVersion(): string {
  if (cachedVersion) return cachedVersion;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'aisle' && pkg.version) return (cachedVersion = pkg.version);
    }
    if (path.dirname(dir) === dir) return (cachedVersion = '0.0.0');
  }
}

function addonHealth(caps: Capabilities): AddonHealth {
  return {
    threads: caps.threads,
    simd: caps.simd,
    cuda: caps.cuda.available,
    cudaCompiled: caps.cuda.compiled,
    deviceCount: caps.cuda.deviceCount,
    deviceName: caps.cuda.deviceName,
    cudaReason: caps.cuda.reason ?? null,
    version: caps.version,
  };
}

/** Answers `health`: never throws, so a monitoring probe always gets a report. */
export class HealthService {
  constructor(private readonly capabilities: CapabilitiesProvider) {}

  /** Probes the database (SELECT 1 with a timeout) and reads the addon's capabilities. */
  async check(ctx: RequestContext): Promise<HealthReport> {
    const database = await this.probeDatabase(ctx);
    const addon = this.addon(ctx);
    return {
      status: database.ok ? 'ok' : 'degraded',
      version: packageVersion(),
      database: database.ok ? 'ok' : 'unavailable',
      databaseLatencyMs: database.ok ? database.latencyMs : null,
      addon,
    };
  }

  private async probeDatabase(ctx: RequestContext): Promise<{ ok: boolean; latencyMs: number }> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${DATABASE_TIMEOUT_MS} ms`)), DATABASE_TIMEOUT_MS);
    });
    try {
      await Promise.race([query(ctx, 'SELECT 1'), timeout]);
      return { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
    } catch (error) {
      ctx.logger.warn({ requestId: ctx.requestId, err: error }, 'health: database unavailable');
      return { ok: false, latencyMs: 0 };
    } finally {
      clearTimeout(timer);
    }
  }

  private addon(ctx: RequestContext): AddonHealth | null {
    try {
      return addonHealth(this.capabilities());
    } catch (error) {
      ctx.logger.warn({ requestId: ctx.requestId, err: error }, 'health: addon capabilities unavailable');
      return null;
    }
  }
}
