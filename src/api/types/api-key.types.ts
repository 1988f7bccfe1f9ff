import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ROLES, type RoleName } from '../../domain/auth/principal';
import type { ApiKeyRecord } from '../../domain/auth/api-key.service';

export const Role = Object.fromEntries(ROLES.map((r) => [r, r])) as { [K in RoleName]: K };
export type Role = RoleName;

registerEnumType(Role, {
  name: 'Role',
  description:
    'What an API key may do. ADMIN: everything. INGEST: catalogue, customer, order and event writes, catalogue reads. ' +
    'ANALYST: every read, personal data included. STOREFRONT: catalogue, recommendations, similar/trending, events.',
});

@ObjectType({ description: 'An API key (its secret is never shown again after creation).' })
export class ApiKey {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field({ description: 'The start of the secret, to recognise a key in logs and lists.' })
  prefix!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType({ description: 'A key just created, with its secret: store it now, it cannot be shown again.' })
export class ApiKeyCreated extends ApiKey {
  @Field({ description: 'Send as "Authorization: Bearer <secret>" or "x-api-key: <secret>".' })
  secret!: string;
}

export function toApiKey(record: ApiKeyRecord): ApiKey {
  return { ...record };
}
