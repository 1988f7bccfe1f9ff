import type { AuthCheckerFn } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from '../../domain/common/errors';
import type { RoleName } from '../../domain/auth/principal';
import type { ApiContext } from '../context';

/**
 * type-graphql's check for every `@Authorized` field: no or a bad key → UNAUTHENTICATED; a role the field does not
 * list → FORBIDDEN naming the field and the roles that may; ADMIN passes everywhere.
 */
export const authChecker: AuthCheckerFn<ApiContext, RoleName> = ({ context, info }, roles) => {
  if (context.authentication === 'missing') {
    throw new UnauthenticatedError('an API key is required: send "Authorization: Bearer <key>" or "x-api-key: <key>"');
  }
  if (context.authentication === 'invalid') throw new UnauthenticatedError('the API key is unknown or revoked');
  const role = context.principal.role;
  if (role === 'ADMIN' || roles.length === 0 || roles.includes(role)) return true;
  const field = `${info.parentType.name}.${info.fieldName}`;
  throw new ForbiddenError(`role ${role} may not use ${field} (allowed: ADMIN, ${roles.join(', ')})`, {
    role, field, allowed: ['ADMIN', ...roles],
  });
};
