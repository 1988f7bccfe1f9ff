/**
 * The few coded errors the domain throws. They are plain Errors (no GraphQL import) so the CLI and jobs can use
 * them too; the API's formatError turns `code` and `extensions` into the GraphQL error's `extensions`.
 * Anything that is not an AisleError is treated as a bug: masked for clients and logged.
 */

/** Every code a client may see in `extensions.code`; the names are part of the public contract. */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'MODEL_NOT_READY',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Extra, client-safe detail carried to `extensions` (never the offending input value). */
export type ErrorExtensions = Record<string, unknown>;

/** Base of the expected, client-facing errors: its message and extensions are shown as they are. */
export class AisleError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: ErrorExtensions = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** One invalid field of the input; `field` is a path such as `input[1].productExternalId`. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * The input cannot be accepted. The message starts with the field path so a human reads the cause at once;
 * `extensions.field` repeats it for programs, `extensions.errors` lists further invalid fields (capped).
 */
export class BadUserInputError extends AisleError {
  constructor(
    readonly field: string,
    message: string,
    more: readonly FieldError[] = [],
  ) {
    super('BAD_USER_INPUT', `${field}: ${message}`, more.length > 1 ? { field, errors: more } : { field });
  }

  /** Builds the error for a list of field errors (at least one); the first one names the message. */
  static fromList(errors: readonly FieldError[]): BadUserInputError {
    const [first] = errors;
    return new BadUserInputError(first.field, first.message, errors);
  }
}

/** A referenced object does not exist where the operation needs it to. */
export class NotFoundError extends AisleError {
  constructor(message: string, extensions: ErrorExtensions = {}) {
    super('NOT_FOUND', message, extensions);
  }
}

/** The request carries no valid credentials. */
export class UnauthenticatedError extends AisleError {
  constructor(message = 'Authentication required') {
    super('UNAUTHENTICATED', message);
  }
}

/** The caller is known but may not do this. */
export class ForbiddenError extends AisleError {
  constructor(message = 'Not allowed', extensions: ErrorExtensions = {}) {
    super('FORBIDDEN', message, extensions);
  }
}

/** The operation collides with the current state (e.g. a concurrent change). */
export class ConflictError extends AisleError {
  constructor(message: string, extensions: ErrorExtensions = {}) {
    super('CONFLICT', message, extensions);
  }
}

/** A model the operation needs has not been trained or activated yet. */
export class ModelNotReadyError extends AisleError {
  constructor(message: string, extensions: ErrorExtensions = {}) {
    super('MODEL_NOT_READY', message, extensions);
  }
}

/** Type guard used by the API's error formatting. */
export function isAisleError(error: unknown): error is AisleError {
  return error instanceof AisleError;
}
