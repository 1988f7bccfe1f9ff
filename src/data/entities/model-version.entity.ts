import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every model kind the registry knows; the names are the public contract (GraphQL `ModelKind`). */
export const MODEL_KINDS = [
  'ALS',
  'BPR',
  'ITEM_KNN',
  'EASE',
  'POPULARITY',
  'RANKER',
  'PROPENSITY',
  'SEGMENTATION',
  'CLV',
  'FORECAST',
  'ELASTICITY',
] as const;

export type ModelKindName = (typeof MODEL_KINDS)[number];

/** Where a model version stands: being trained, usable, or failed (never activatable). */
export const MODEL_STATUSES = ['TRAINING', 'READY', 'FAILED'] as const;
export type ModelStatusName = (typeof MODEL_STATUSES)[number];

/** One trained (or training) model version; its artifact is in model_artifacts so listings never read blobs. */
@Entity('model_versions')
@Index('idx_model_versions_kind', ['kind', 'id'])
export class ModelVersionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  kind!: ModelKindName;

  @Column({ type: 'text' })
  status!: ModelStatusName;

  @Column({ type: 'jsonb' })
  params!: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  metrics!: Record<string, unknown> | null;

  @Column({ name: 'data_digest', type: 'text', nullable: true })
  dataDigest!: string | null;

  @Column({ name: 'config_digest', type: 'text', nullable: true })
  configDigest!: string | null;

  @Column({ name: 'job_id', type: 'bigint', nullable: true })
  jobId!: string | null;

  @Column({ name: 'trained_at', type: 'timestamptz', nullable: true })
  trainedAt!: Date | null;

  @Column({ type: 'boolean', default: false })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
