import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EVENT_TYPE_NAMES, EventTypeName } from '../../domain/events/event-types';
import type { EventRecord } from '../../domain/events/event.records';
import { Connection, ConnectionArgs } from './connection.types';

/** The behavioural signal types; the names are the public contract. */
export const EventType = Object.fromEntries(EVENT_TYPE_NAMES.map((name) => [name, name])) as {
  [K in EventTypeName]: K;
};
export type EventType = EventTypeName;

registerEnumType(EventType, { name: 'EventType', description: 'Kinds of behavioural signal a shop records.' });

/** One behavioural signal. */
@ObjectType({ description: 'One behavioural signal of a user about a product.' })
export class Event {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: "The sender's idempotency key, when it gave one." })
  eventId!: string | null;

  @Field(() => EventType)
  type!: EventType;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => Int, { nullable: true })
  quantity!: number | null;

  @Field(() => Float, { nullable: true })
  price!: number | null;

  @Field()
  occurredAt!: Date;

  @Field({ description: 'When Aisle recorded the event.' })
  receivedAt!: Date;

  /** Not exposed: read by the `user` and `product` field resolvers. */
  userId!: string;
  productId!: string;
}

@ObjectType()
export class EventConnection extends Connection(Event, 'Event') {}

@ArgsType()
export class UserEventsArgs extends ConnectionArgs {
  @Field(() => EventType, { nullable: true, description: 'Only events of this type.' })
  type?: EventType | null;
}

/** One event of `recordEvents`. */
@InputType({ description: 'One behavioural signal; eventId makes replays idempotent, occurredAt defaults to now.' })
export class EventInput {
  @Field(() => String, { nullable: true })
  eventId?: string | null;

  @Field()
  userExternalId!: string;

  @Field()
  productExternalId!: string;

  @Field(() => EventType)
  type!: EventType;

  @Field(() => Float, { nullable: true })
  value?: number | null;

  @Field(() => Int, { nullable: true, description: 'Must not be negative.' })
  quantity?: number | null;

  @Field(() => Float, { nullable: true })
  price?: number | null;

  @Field(() => Date, { nullable: true })
  occurredAt?: Date | null;
}

/** What `recordEvents` did. */
@ObjectType({ description: 'What recordEvents did.' })
export class RecordEventsResult {
  @Field(() => Int, { description: 'Events written.' })
  accepted!: number;

  @Field(() => Int, {
    description: 'Events skipped because their eventId was recorded before (or earlier in the batch).',
  })
  duplicates!: number;

  @Field(() => Int, { description: 'Placeholder users created (createMissing: true).' })
  createdUsers!: number;

  @Field(() => Int, { description: 'Placeholder products created (createMissing: true).' })
  createdProducts!: number;
}

/** Maps an event record to its GraphQL type. */
export function toEvent(record: EventRecord): Event {
  return {
    id: record.id,
    eventId: record.eventId,
    type: record.type,
    value: record.value,
    quantity: record.quantity,
    price: record.price,
    occurredAt: record.occurredAt,
    receivedAt: record.receivedAt,
    userId: record.userId,
    productId: record.productId,
  };
}
