import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { OrderLineRecord, OrderRecord } from '../../domain/orders/order.records';
import { Connection } from './connection.types';

/** A placed order (invoice). */
@ObjectType({ description: 'A placed order (invoice); user is null for guests.' })
export class Order {
  @Field(() => ID)
  id!: string;

  @Field()
  externalId!: string;

  @Field()
  placedAt!: Date;

  @Field(() => Float, { description: 'Σ quantity × unitPrice of the lines.' })
  total!: number;

  @Field()
  cancelled!: boolean;

  @Field(() => String, { nullable: true })
  country!: string | null;

  /** Not exposed: read by the `user` field resolver. */
  userId!: string | null;
}

/** One line of an order; a negative quantity is a return. */
@ObjectType({ description: 'One line of an order; a negative quantity is a return.' })
export class OrderLine {
  @Field(() => Int, { description: 'Position in the order, from 1.' })
  lineNo!: number;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Float)
  unitPrice!: number;

  /** Not exposed: read by the `product` field resolver. */
  productId!: string;
}

@ObjectType()
export class OrderConnection extends Connection(Order, 'Order') {}

/** One line of an `OrderInput`. */
@InputType({ description: 'One order line; a negative quantity is a return.' })
export class OrderLineInput {
  @Field()
  productExternalId!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Float)
  unitPrice!: number;
}

/** One order of `recordOrders`; a replay (same externalId) replaces the order and its lines. */
@InputType({ description: 'One order; a replay with the same externalId replaces the order and its lines.' })
export class OrderInput {
  @Field()
  externalId!: string;

  @Field(() => String, { nullable: true, description: 'Omitted or null for a guest order.' })
  userExternalId?: string | null;

  @Field()
  placedAt!: Date;

  @Field(() => [OrderLineInput])
  lines!: OrderLineInput[];

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  cancelled?: boolean | null;

  @Field(() => String, { nullable: true })
  country?: string | null;
}

/** Maps an order record to its GraphQL type. */
export function toOrder(record: OrderRecord): Order {
  return {
    id: record.id,
    externalId: record.externalId,
    placedAt: record.placedAt,
    total: record.total,
    cancelled: record.cancelled,
    country: record.country,
    userId: record.userId,
  };
}

/** Maps an order line record to its GraphQL type. */
export function toOrderLine(record: OrderLineRecord): OrderLine {
  return { lineNo: record.lineNo, quantity: record.quantity, unitPrice: record.unitPrice, productId: record.productId };
}
