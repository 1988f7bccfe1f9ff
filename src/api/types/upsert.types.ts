import { Field, Int, ObjectType } from 'type-graphql';
import type { UpsertCounts } from '../../domain/common/upsert-result';

/** What an upsert batch did; created + updated + unchanged = total. */
@ObjectType({ description: 'What an upsert batch did; created + updated + unchanged = total.' })
export class UpsertResult implements UpsertCounts {
  @Field(() => Int, { description: 'Rows that did not exist before.' })
  created!: number;

  @Field(() => Int, { description: 'Existing rows whose stored values changed.' })
  updated!: number;

  @Field(() => Int, { description: 'Existing rows that already held exactly these values (a replay).' })
  unchanged!: number;

  @Field(() => Int, { description: 'Rows in the batch.' })
  total!: number;
}
