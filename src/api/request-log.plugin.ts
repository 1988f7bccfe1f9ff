import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Logger } from '../config';
import type { ApiContext } from './context';
import { isExposedError } from './format-error';

/** How much of a failed statement's SQL a log line keeps. */
const MAX_SQL_CHARS = 500;

/**
 * What a log line keeps of an unexpected error: name, message, code, stack and the start of a failed
 * statement, never its parameters (they hold client data and, for a batch, megabytes of it).
 */
export function errorForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, query } = error as Error & { code?: unknown; query?: unknown };
  return {
    type: error.name,
    message: error.message,
    ...(code !== undefined ? { code } : {}),
    ...(typeof query === 'string' ? { sql: query.slice(0, MAX_SQL_CHARS) } : {}),
    stack: error.stack,
  };
}

function logErrors(logger: Logger, ctx: ApiContext, errors: readonly GraphQLError[]): void {
  for (const error of errors) {
    if (isExposedError(error.toJSON(), error)) {
      logger.debug({ requestId: ctx.requestId, code: error.extensions?.code, msg: error.message }, 'request error');
    } else {
      const cause = error.originalError ?? error;
      logger.error(
        { requestId: ctx.requestId, path: error.path, err: errorForLog(cause) },
        'unexpected error (masked for the client)',
      );
    }
  }
}

/**
 * Ties responses to logs: sets the `x-request-id` response header, puts `requestId` on masked errors so a
 * client can quote it, and logs every unexpected error with the request id and the original error (stack
 * included). Expected errors are logged at debug only, so bad input cannot flood the log.
 */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<ApiContext> {
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<ApiContext>> {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          logErrors(logger, contextValue, errors);
        },
        async willSendResponse({ response, contextValue }) {
          response.http.headers.set('x-request-id', contextValue.requestId);
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') {
              (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
            }
          }
        },
      };
    },
  };
}
