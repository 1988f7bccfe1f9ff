import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Capabilities } from '../compute';

/** Where scrape-time figures come from; both are called on every scrape, so they must be cheap. */
export interface MetricsSources {
  capabilities: () => Capabilities;
  /** Seconds since each active model was trained, per kind. */
  modelAges: () => Promise<Array<{ kind: string; ageSeconds: number }>>;
}

/** Distinct operation names kept as labels; later new names count as `other` so clients cannot grow the series. */
const MAX_OPERATION_NAMES = 200;
const ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics']);
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The process's Prometheus metrics in a registry of its own (not prom-client's global one), so several servers can
 * run in one process (tests) without colliding. Names are prefixed `aisle_`; see docs/operations.md.
 */
export class AisleMetrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  private readonly operations: Histogram<'operation' | 'type'>;
  private readonly errors: Counter<'code'>;
  private readonly http: Histogram<'route' | 'method' | 'status'>;
  private readonly jobs: Histogram<'kind' | 'status'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.operations = new Histogram({
      name: 'aisle_graphql_request_duration_seconds', help: 'GraphQL request latency by operation name and type',
      labelNames: ['operation', 'type'], buckets: LATENCY_BUCKETS, registers,
    });
    this.errors = new Counter({
      name: 'aisle_graphql_errors_total', help: 'GraphQL errors sent to clients, by extensions.code', labelNames: ['code'], registers,
    });
    this.http = new Histogram({
      name: 'aisle_http_request_duration_seconds', help: 'HTTP requests by route, method and status (count and latency)',
      labelNames: ['route', 'method', 'status'], buckets: LATENCY_BUCKETS, registers,
    });
    this.jobs = new Histogram({
      name: 'aisle_job_duration_seconds', help: 'Background job run time by kind and final status',
      labelNames: ['kind', 'status'], buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600], registers,
    });
    registerModelAge(registers, sources);
    registerAddon(registers, sources);
  }

  observeOperation(name: string | null, type: string | null, seconds: number): void {
    this.operations.observe({ operation: this.operationLabel(name), type: type ?? 'unknown' }, seconds);
  }

  countErrors(codes: readonly string[]): void {
    for (const code of codes) this.errors.inc({ code });
  }

  observeHttp(path: string, method: string, status: number, seconds: number): void {
    const route = ROUTES.has(path) ? path : 'other';
    this.http.observe({ route, method: /^[A-Z]{1,10}$/.test(method) ? method : 'OTHER', status: String(status) }, seconds);
  }

  observeJob(kind: string, status: string, seconds: number): void {
    this.jobs.observe({ kind, status }, seconds);
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private operationLabel(name: string | null): string {
    if (!name) return 'anonymous';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES || name.length > 64) return 'other';
    this.names.add(name);
    return name;
  }
}

function registerModelAge(registers: Registry[], sources: MetricsSources): void {
  new Gauge({
    name: 'aisle_active_model_age_seconds', help: 'Seconds since the active model of each kind was trained',
    labelNames: ['kind'], registers,
    async collect() {
      this.reset();
      for (const { kind, ageSeconds } of await sources.modelAges().catch(() => [])) this.set({ kind }, ageSeconds);
    },
  });
}

function registerAddon(registers: Registry[], sources: MetricsSources): void {
  new Gauge({
    name: 'aisle_addon_info', help: 'Native addon build (value 1): version, SIMD level, CUDA compiled',
    labelNames: ['version', 'simd', 'cuda_compiled'], registers,
    collect() {
      const caps = sources.capabilities();
      this.reset();
      this.set({ version: caps.version, simd: caps.simd, cuda_compiled: String(caps.cuda.compiled) }, 1);
    },
  });
  new Gauge({
    name: 'aisle_addon_threads', help: 'Threads each native kernel spreads over', registers,
    collect() {
      this.set(sources.capabilities().threads);
    },
  });
  new Gauge({
    name: 'aisle_addon_cuda_available', help: '1 when a CUDA device answers, else 0', registers,
    collect() {
      this.set(sources.capabilities().cuda.available ? 1 : 0);
    },
  });
}
