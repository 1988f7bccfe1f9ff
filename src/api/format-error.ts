import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
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

/**
 * Errors graphql-js raises about the request itself but without a code (Apollo would report them as
 * INTERNAL_SERVER_ERROR): an operation type the schema lacks (`subscription { … }`), and the cap of 50 variable
 * coercion errors (an oversized batch of invalid inputs), whose other errors already carry BAD_USER_INPUT.
 */
const REQUEST_ERRORS: Array<[RegExp, string]> = [
  [/^Schema is not configured to execute \w+ operation\.$/, 'BAD_REQUEST'],
  [/^Too many errors processing variables, error limit reached\. Execution aborted\.$/, 'BAD_USER_INPUT'],
];

/** The code of a codeless request error graphql-js raised (never of an error thrown by a resolver), else null. */
function requestErrorCode(formatted: GraphQLFormattedError, error: unknown): string | null {
  if (!(error instanceof GraphQLError) || error.originalError || formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') {
    return null;
  }
  return REQUEST_ERRORS.find(([pattern]) => pattern.test(error.message))?.[1] ?? null;
}

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
  const requestCode = requestErrorCode(formatted, error);
  if (requestCode) return { ...formatted, extensions: { ...formatted.extensions, code: requestCode } };
  return {
    message: MASKED_MESSAGE,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
