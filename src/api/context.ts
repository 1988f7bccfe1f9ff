import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AisleConfig, Logger } from '../config';
import type { RequestContext } from '../domain/common/request-context';
import type { CapabilitiesProvider } from '../domain/health/health.service';
import { OPEN_DEVELOPMENT_PRINCIPAL, type Principal } from '../domain/auth/principal';
import { createDomainServices, DomainServices } from '../domain/services';
import { createLoaders, Loaders } from './loaders/loaders';

/** The GraphQL context: the domain's request context plus the services and this request's DataLoaders. */
export interface ApiContext extends RequestContext {
  readonly services: DomainServices;
  readonly loaders: Loaders;
  /** Who is calling (their API key and role); limits and authorisation read it. */
  readonly principal: Principal;
  /**
   * How the caller was identified: `key` (a valid API key), `open` (development server with no keys: everything
   * allowed), `missing` (a key is required and none was sent) or `invalid` (unknown or revoked key).
   */
  readonly authentication: Authentication;
}

export type Authentication = 'key' | 'open' | 'missing' | 'invalid';

/** Stands in for the caller of a request that failed authentication; every @Authorized field refuses it. */
const ANONYMOUS: Principal = { keyId: null, name: 'anonymous', role: 'STOREFRONT' };

/** The secret a request carries: `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function apiKeyFrom(headers: Record<string, string | undefined>): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return bearer?.[1] ?? (headers['x-api-key']?.trim() || null);
}

async function authenticate(
  base: RequestContext,
  services: DomainServices,
  headers: Record<string, string | undefined>,
  production: boolean,
): Promise<{ principal: Principal; authentication: Authentication }> {
  const secret = apiKeyFrom(headers);
  if (secret) {
    const principal = await services.apiKeys.verify(base, secret);
    return principal ? { principal, authentication: 'key' } : { principal: ANONYMOUS, authentication: 'invalid' };
  }
  if (production || (await services.apiKeys.hasKeys(base))) return { principal: ANONYMOUS, authentication: 'missing' };
  return { principal: OPEN_DEVELOPMENT_PRINCIPAL, authentication: 'open' };
}

/** What the context factory needs from the composition root. */
export interface ContextDeps {
  dataSource: DataSource;
  config: Pick<AisleConfig, 'maxBatch'> & Partial<Pick<AisleConfig, 'training' | 'serving' | 'production'>>;
  /** Services built by the caller (the composition root shares them with startup work); built here when absent. */
  services?: DomainServices;
  logger: Logger;
  capabilities: CapabilitiesProvider;
}

/** The HTTP request as far as the context cares. */
export interface ContextRequest {
  headers: Record<string, string | undefined>;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The caller's `x-request-id` when it is a sane token (so logs can be joined across services), else a new uuid. */
export function requestIdFrom(headers: Record<string, string | undefined>): string {
  const given = headers['x-request-id'];
  return given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Returns the per-request context factory to hand to Apollo (`context: () => factory({ headers })`). Services
 * are built once here; each request gets a request id, a child logger carrying it, and fresh DataLoaders.
 */
export function createContextFactory(deps: ContextDeps): (request: ContextRequest) => Promise<ApiContext> {
  const services = deps.services ??
    createDomainServices({ capabilities: deps.capabilities, training: deps.config.training, serving: deps.config.serving });
  const limits = { maxBatch: deps.config.maxBatch };
  return async (request) => {
    const requestId = requestIdFrom(request.headers);
    const base: RequestContext = {
      requestId,
      logger: deps.logger.child({ requestId }),
      dataSource: deps.dataSource,
      limits,
    };
    const identity = await authenticate(base, services, request.headers, deps.config.production ?? false);
    return { ...base, services, loaders: createLoaders(base, services), ...identity };
  };
}
