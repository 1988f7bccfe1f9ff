import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import type { LimitSettings } from '../../config';
import type { Principal } from '../../domain/auth/principal';
import type { ApiContext } from '../context';
import { CostCache, costEstimator, operationCost, operationDepth } from './query-cost';
import { TokenBuckets } from './token-buckets';

/** A limit error: its code and figures in `extensions`, its HTTP status (and headers) for the transport. */
function limitError(message: string, extensions: Record<string, unknown>, status: number, headers?: HeaderMap): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, http: { status, headers: headers ?? new HeaderMap() } } });
}

/** The bucket a caller draws from: its key's own, or the one shared by keyless (open) callers. */
function bucketOf(principal: Principal, settings: LimitSettings): { key: string; rate: LimitSettings['openRate'] } {
  if (principal.keyId === null) return { key: 'open', rate: settings.openRate };
  return { key: `key:${principal.keyId}`, rate: settings.rate[principal.role] };
}

function checkRate(buckets: TokenBuckets, principal: Principal, settings: LimitSettings): void {
  const { key, rate } = bucketOf(principal, settings);
  const taken = buckets.take(key, rate);
  if (taken.allowed) return;
  const retryAfter = taken.retryAfterSeconds;
  throw limitError(
    `rate limit of ${rate.perSecond} requests/s (burst ${rate.burst}) for ${principal.role} exceeded; retry after ${retryAfter} s`,
    { code: 'RATE_LIMITED', retryAfter, limit: rate.perSecond, burst: rate.burst },
    429,
    new HeaderMap([['retry-after', String(retryAfter)]]),
  );
}

/** The operation's cost, or Infinity when it has more nodes than graphql-query-complexity will walk. */
function costOf(
  schema: GraphQLSchema,
  estimator: ComplexityEstimator,
  ctx: { document: Parameters<typeof operationCost>[2]; operationName: string | undefined; variables: Record<string, unknown> },
): number | null {
  try {
    return operationCost(schema, estimator, ctx.document, ctx.operationName, ctx.variables);
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) return Infinity;
    // invalid variables: execution refuses them with BAD_USER_INPUT before any resolver runs
    return null;
  }
}

/**
 * Refuses, before execution, what a caller may not run: over its key's request rate (RATE_LIMITED, HTTP 429 with
 * Retry-After), nested deeper than its role's budget (QUERY_TOO_DEEP) or costlier (QUERY_TOO_COMPLEX, HTTP 400).
 * Runs in `didResolveOperation` because cost depends on the request's variables (`first: $n`).
 */
export function limitsPlugin(settings: LimitSettings): ApolloServerPlugin<ApiContext> {
  const buckets = new TokenBuckets();
  const estimators = new WeakMap<GraphQLSchema, ComplexityEstimator>();
  const costs = new CostCache();
  const depths = new WeakMap<object, number>();
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<ApiContext>> {
      return {
        async didResolveOperation({ contextValue, document, operation, request, schema }) {
          const { principal } = contextValue;
          checkRate(buckets, principal, settings);
          if (!operation) return;
          const budget = settings.query[principal.role];
          let depth = depths.get(operation);
          if (depth === undefined) depths.set(operation, (depth = operationDepth(document, operation)));
          if (depth > budget.maxDepth) {
            throw limitError(
              `query depth ${depth} exceeds the limit of ${budget.maxDepth} for ${principal.role}`,
              { code: 'QUERY_TOO_DEEP', limit: budget.maxDepth, measured: depth },
              400,
            );
          }
          let estimator = estimators.get(schema);
          if (!estimator) estimators.set(schema, (estimator = costEstimator(schema, settings)));
          const variables = request.variables ?? {};
          const operationName = request.operationName ?? undefined;
          const cost = costs.cost(document, operationName, variables, () => costOf(schema, estimator!, { document, operationName, variables }));
          if (cost !== null && cost > budget.maxCost) {
            const measured = Number.isFinite(cost) ? cost : null;
            throw limitError(
              `query cost ${measured ?? 'beyond counting'} exceeds the limit of ${budget.maxCost} for ${principal.role}`,
              { code: 'QUERY_TOO_COMPLEX', limit: budget.maxCost, measured },
              400,
            );
          }
        },
      };
    },
  };
}
