import { CAN } from '../auth/policy';
import { JSONResolver } from 'graphql-scalars';
import { Authorized, ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { UserRecord } from '../../domain/customers/user.records';
import type { UserOrderBy as DomainUserOrderBy } from '../../domain/customers/user.service';
import { Connection, ConnectionArgs } from './connection.types';

/** A shopper, known to the retailer by externalId. */
@ObjectType({ description: 'A shopper, known to the retailer by externalId.' })
export class User {
  @Field(() => ID)
  id!: string;

  @Field()
  externalId!: string;

  @Authorized(...CAN.readPersonal)
  @Field(() => String, { nullable: true, description: 'Personal data: ADMIN and ANALYST keys only.' })
  email!: string | null;

  @Field(() => String, { nullable: true })
  country!: string | null;

  @Field(() => JSONResolver, { nullable: true })
  attributes!: Record<string, unknown> | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class UserConnection extends Connection(User, 'User') {}

/** Public names of the user orders. */
export const UserOrderBy = {
  ID_ASC: 'ID_ASC',
  CREATED_DESC: 'CREATED_DESC',
} as const satisfies { [K in DomainUserOrderBy]: K };
export type UserOrderBy = DomainUserOrderBy;

registerEnumType(UserOrderBy, {
  name: 'UserOrderBy',
  description: 'Sort orders of user lists; ties are broken by id.',
});

/** Narrows `users`; fields combine with AND. */
@InputType({ description: 'Narrows a user list; fields combine with AND.' })
export class UserFilter {
  @Field(() => String, { nullable: true })
  country?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Case-insensitive substring of the email, or the exact externalId.',
  })
  search?: string | null;

  @Field(() => Date, { nullable: true, description: 'Created at or after this time.' })
  createdAfter?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Created before this time.' })
  createdBefore?: Date | null;
}

@ArgsType()
export class UsersArgs extends ConnectionArgs {
  @Field(() => UserFilter, { nullable: true })
  filter?: UserFilter | null;

  @Field(() => UserOrderBy, { nullable: true, defaultValue: 'ID_ASC' })
  orderBy?: UserOrderBy | null;
}

/** One user of `upsertUsers`; omitted optional fields keep the stored value, null clears it. */
@InputType({
  description: 'One user to upsert by externalId; omitted optional fields keep the stored value, null clears it.',
})
export class UserInput {
  @Field()
  externalId!: string;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  country?: string | null;

  @Field(() => JSONResolver, { nullable: true, description: 'A JSON object of free-form attributes.' })
  attributes?: Record<string, unknown> | null;
}

/** Maps a user record to its GraphQL type. */
export function toUser(record: UserRecord): User {
  return {
    id: record.id,
    externalId: record.externalId,
    email: record.email,
    country: record.country,
    attributes: record.attributes,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
