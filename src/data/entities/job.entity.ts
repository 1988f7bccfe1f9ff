import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Lifecycle of a background job. */
export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type JobStatusName = (typeof JOB_STATUSES)[number];

/** One background job (e.g. a model training) and its progress, persisted so clients can poll it. */
@Entity('jobs')
@Index('idx_jobs_status_created', ['status', 'createdAt'])
export class JobEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  status!: JobStatusName;

  @Column({ type: 'double precision', default: 0 })
  progress!: number;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ type: 'jsonb' })
  params!: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  result!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
