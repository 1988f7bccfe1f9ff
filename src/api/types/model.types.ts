import { JSONResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { MODEL_KINDS, type ModelKindName, type ModelVersionRecord } from '../../domain/models/model.records';
import { Connection, ConnectionArgs } from './connection.types';

/** Every model kind; the names are the public contract. */
export const ModelKind = Object.fromEntries(MODEL_KINDS.map((name) => [name, name])) as { [K in ModelKindName]: K };
export type ModelKind = ModelKindName;

registerEnumType(ModelKind, {
  name: 'ModelKind',
  description: 'Kinds of model Aisle trains. Trainable today: ALS, BPR, EASE, ITEM_KNN, POPULARITY, FORECAST.',
});

/** One trained (or training) model version. */
@ObjectType({ description: 'One version of a model: its parameters, holdout metrics and whether it serves.' })
export class ModelVersion {
  @Field(() => ID)
  id!: string;

  @Field(() => ModelKind)
  kind!: ModelKind;

  @Field({ description: 'TRAINING, READY or FAILED; only READY versions can be activated.' })
  status!: string;

  @Field(() => JSONResolver, { description: 'Every parameter the version was trained with, defaults included.' })
  params!: Record<string, unknown>;

  @Field(() => JSONResolver, {
    nullable: true,
    description: 'Holdout metrics (ndcg@10, precision@10, recall@10, map) and data sizes; null until READY.',
  })
  metrics!: Record<string, unknown> | null;

  @Field(() => Date, { nullable: true })
  trainedAt!: Date | null;

  @Field({ description: 'Whether this version serves its kind (at most one per kind).' })
  active!: boolean;

  @Field(() => String, { nullable: true, description: 'Hash of the training matrix: equal digests, equal data.' })
  dataDigest!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Hash of kind, parameters and event weights: compare to see whether a version is stale.',
  })
  configDigest!: string | null;

  @Field(() => ID, { nullable: true, description: 'The job that trained this version.' })
  jobId!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class ModelVersionConnection extends Connection(ModelVersion, 'ModelVersion') {}

@ArgsType()
export class ModelsArgs extends ConnectionArgs {
  @Field(() => ModelKind, { nullable: true, description: 'Only versions of this kind.' })
  kind?: ModelKind | null;
}

/** Maps a model record to its GraphQL type. */
export function toModelVersion(record: ModelVersionRecord): ModelVersion {
  return { ...record };
}
