import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { DEFAULT_LIMITS, type LimitSettings, type Logger } from '../config';
import type { ApiContext } from './context';
import { formatError } from './format-error';
import { limitsPlugin } from './limits/limits.plugin';
import { metricsPlugin, type OperationMetrics } from './plugins/metrics.plugin';
import { requestLogPlugin } from './request-log.plugin';

/** What the Apollo server is built from. */
export interface ApolloServerOptions {
  schema: GraphQLSchema;
  logger: Logger;
  /** Production: no introspection, no landing page, no stack traces. */
  production: boolean;
  /** Depth/cost budgets and rates per role; DEFAULT_LIMITS when absent. */
  limits?: LimitSettings;
  /** Where request latency and error codes are reported (the process's Prometheus metrics); none when absent. */
  metrics?: OperationMetrics;
}

/**
 * Builds (does not start) the Apollo server. It installs no signal handlers (`stopOnTerminationSignals:
 * false`): the process owns shutdown order. Errors are formatted by `formatError` and logged with request ids;
 * rates, depth and cost are limited per role before execution (limits/limits.plugin.ts).
 */
export function createApolloServer(options: ApolloServerOptions): ApolloServer<ApiContext> {
  const { schema, logger, production, metrics } = options;
  return new ApolloServer<ApiContext>({
    schema,
    introspection: !production,
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !production,
    formatError,
    logger,
    plugins: [
      requestLogPlugin(logger),
      ...(metrics ? [metricsPlugin(metrics)] : []),
      limitsPlugin(options.limits ?? DEFAULT_LIMITS),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
}
