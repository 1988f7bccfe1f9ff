import http, { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer, BaseContext, HTTPGraphQLRequest } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { Logger } from '../config';

/** The /readyz body: overall readiness, one word per check, and anything else worth showing (e.g. models). */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, string>;
  [detail: string]: unknown;
}

/** What /metrics serves and what the HTTP layer reports to it (the process's AisleMetrics). */
export interface HttpMetrics {
  observeHttp(path: string, method: string, status: number, seconds: number): void;
  render(): Promise<{ contentType: string; body: string }>;
}

/** What the HTTP layer needs: the started Apollo server, a context per request, and readiness probes. */
export interface HttpServerDeps<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  context: (request: { headers: Record<string, string | undefined> }) => Promise<TContext>;
  ready: () => Promise<ReadinessReport>;
  logger: Logger;
  maxBodyBytes: number;
  /** Prometheus metrics; without them /metrics answers 404. */
  metrics?: HttpMetrics;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, `request body over ${limit} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function headersOf(req: IncomingMessage): { map: HeaderMap; plain: Record<string, string | undefined> } {
  const map = new HeaderMap();
  const plain: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const joined = Array.isArray(value) ? value.join(', ') : value;
    map.set(key, joined);
    plain[key] = joined;
  }
  return { map, plain };
}

async function parseBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const text = await readBody(req, limit);
  if (!/json/i.test(req.headers['content-type'] ?? '')) return text;
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

async function serveGraphQL<T extends BaseContext>(deps: HttpServerDeps<T>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { map, plain } = headersOf(req);
  const request: HTTPGraphQLRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    headers: map,
    search: new URL(req.url ?? '/', 'http://localhost').search,
    body: await parseBody(req, deps.maxBodyBytes),
  };
  const response = await deps.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context: () => deps.context({ headers: plain }) });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

async function serveMetrics(metrics: HttpMetrics, res: ServerResponse): Promise<void> {
  const { contentType, body } = await metrics.render();
  res.statusCode = 200;
  res.setHeader('content-type', contentType);
  res.end(body);
}

/**
 * GraphQL at /graphql with liveness (/healthz), readiness (/readyz) and Prometheus metrics (/metrics) beside it, on
 * plain node:http: Apollo's transport-neutral entry point needs nothing more, and every byte of the request path
 * stays visible.
 */
export function createHttpServer<T extends BaseContext>(deps: HttpServerDeps<T>): http.Server {
  return http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (deps.metrics) {
      const { metrics } = deps;
      const started = process.hrtime.bigint();
      res.once('finish', () => metrics.observeHttp(path, req.method ?? 'GET', res.statusCode, Number(process.hrtime.bigint() - started) / 1e9));
    }
    const handle = async (): Promise<void> => {
      if (path === '/graphql') return serveGraphQL(deps, req, res);
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (path === '/readyz') {
        const state = await deps.ready();
        return sendJson(res, state.ready ? 200 : 503, state);
      }
      if (path === '/metrics' && deps.metrics) return serveMetrics(deps.metrics, res);
      sendJson(res, 404, { error: `no route ${path}; GraphQL is served at /graphql` });
    };
    handle().catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) deps.logger.error({ err: error, path }, 'http request failed');
      if (!res.headersSent) sendJson(res, status, { errors: [{ message: status === 500 ? 'Internal server error' : (error as Error).message }] });
      else res.end();
    });
  });
}
