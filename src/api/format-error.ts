import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { isAisleError } from '../domain/common/errors';

/** The message every unexpected error is replaced with. */
export const MASKED_MESSAGE = 'Internal server error';

/**
 * Codes whose errors are shown as they are: ours (thrown by the domain as AisleError) and the standard ones
 * Apollo and type-graphql attach to request and argument errors.
 */
const EXPOSED_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'MODEL_NOT_READY',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'INTROSPECTION_DISABLED',
  'MAX_RECURSIVE_SELECTIONS_EXCEEDED',
]);

/** Whether an error (as Apollo hands it over) is expected and may be shown to the client unchanged. */
export function isExposedError(formatted: GraphQLFormattedError, error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (isAisleError(original)) return original.code !== 'INTERNAL_SERVER_ERROR';
  const code = formatted.extensions?.code;
  return typeof code === 'string' && EXPOSED_CODES.has(code);
}

/**
 * Apollo's formatError: domain errors become `{ message, extensions: { code, field… } }`, standard request
 * errors pass, and everything else is masked to "Internal server error" with code INTERNAL_SERVER_ERROR
 * (the request plugin adds the request id and logs the original).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (isAisleError(original) && original.code !== 'INTERNAL_SERVER_ERROR') {
    const stacktrace = formatted.extensions?.stacktrace;
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { ...original.extensions, code: original.code, ...(stacktrace ? { stacktrace } : {}) },
    };
  }
  if (isExposedError(formatted, error)) return formatted;
  return {
    message: MASKED_MESSAGE,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
