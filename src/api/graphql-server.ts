import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '../config';
import type { ApiContext } from './context';
import { formatError } from './format-error';
import { requestLogPlugin } from './request-log.plugin';

/** What the Apollo server is built from. */
export interface ApolloServerOptions {
  schema: GraphQLSchema;
  logger: Logger;
  /** Production: no introspection, no landing page, no stack traces. */
  production: boolean;
}

/**
 * Builds (does not start) the Apollo server. It installs no signal handlers (`stopOnTerminationSignals:
 * false`): the process owns shutdown order. Errors are formatted by `formatError` and logged with request ids.
 */
export function createApolloServer(options: ApolloServerOptions): ApolloServer<ApiContext> {
  const { schema, logger, production } = options;
  return new ApolloServer<ApiContext>({
    schema,
    introspection: !production,
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !production,
    formatError,
    logger,
    plugins: [requestLogPlugin(logger), ...(production ? [ApolloServerPluginLandingPageDisabled()] : [])],
  });
}
