import { JSONResolver } from 'graphql-scalars';
import { ArgsType, Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { JOB_STATUSES, type JobRecord, type JobStatusName } from '../../domain/jobs/job.records';
import { Connection, ConnectionArgs } from './connection.types';

/** Lifecycle states of a background job. */
export const JobStatus = Object.fromEntries(JOB_STATUSES.map((name) => [name, name])) as { [K in JobStatusName]: K };
export type JobStatus = JobStatusName;

registerEnumType(JobStatus, { name: 'JobStatus', description: 'QUEUED → RUNNING → SUCCEEDED or FAILED.' });

/** A background job (e.g. trainModel) and its progress. */
@ObjectType({ description: 'A background job; poll job(id) for progress.' })
export class Job {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'What the job does, e.g. TRAIN_MODEL.' })
  kind!: string;

  @Field(() => JobStatus)
  status!: JobStatus;

  @Field(() => Float, { description: 'Fraction done, 0..1, never decreasing; 1 when SUCCEEDED.' })
  progress!: number;

  @Field(() => String, { nullable: true, description: 'The latest progress note, or the failure when FAILED.' })
  message!: string | null;

  @Field(() => JSONResolver, { description: 'The arguments the job was started with.' })
  params!: Record<string, unknown>;

  @Field(() => JSONResolver, { nullable: true, description: 'What the job produced (e.g. modelId, metrics).' })
  result!: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'Why the job FAILED, starting with an error code.' })
  error!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;
}

@ObjectType()
export class JobConnection extends Connection(Job, 'Job') {}

@ArgsType()
export class JobsArgs extends ConnectionArgs {
  @Field(() => JobStatus, { nullable: true, description: 'Only jobs in this state.' })
  status?: JobStatus | null;
}

/** Maps a job record to its GraphQL type. */
export function toJob(record: JobRecord): Job {
  return { ...record };
}
