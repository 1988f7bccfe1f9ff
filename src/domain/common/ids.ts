import { BadUserInputError } from './errors';

const ID_PATTERN = /^\d{1,18}$/;

/**
 * Checks that a client-supplied ID is a database id (a positive bigint written in decimal) before it reaches
 * SQL, so `product(id: "abc")` answers BAD_USER_INPUT naming the argument instead of a PostgreSQL cast error.
 */
export function parseId(value: string, field: string): string {
  if (!ID_PATTERN.test(value)) throw new BadUserInputError(field, `"${truncate(value)}" is not a valid ID`);
  return value.replace(/^0+(?=\d)/, '');
}

/** Like parseId for an optional argument: null and undefined pass through as undefined. */
export function parseOptionalId(value: string | null | undefined, field: string): string | undefined {
  return value === null || value === undefined ? undefined : parseId(value, field);
}

/**
 * Resolves the "exactly one of id or externalId" lookups (`user(id, externalId)`): both or neither is a
 * client mistake, reported on the arguments rather than answered with null.
 */
export function exactlyOneKey(
  args: { id?: string | null; externalId?: string | null },
): { id: string } | { externalId: string } {
  const hasId = args.id !== null && args.id !== undefined;
  const hasExternal = args.externalId !== null && args.externalId !== undefined;
  if (hasId === hasExternal) {
    throw new BadUserInputError(hasId ? 'externalId' : 'id', 'pass exactly one of id or externalId');
  }
  return hasId ? { id: parseId(args.id!, 'id') } : { externalId: args.externalId! };
}

function truncate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
