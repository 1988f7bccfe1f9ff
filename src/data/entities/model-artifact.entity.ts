import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The serialized weights of one model version (see domain/models/artifact.ts for the `format`). */
@Entity('model_artifacts')
export class ModelArtifactEntity {
  @PrimaryColumn({ name: 'model_id', type: 'bigint' })
  modelId!: string;

  @Column({ type: 'text' })
  format!: string;

  @Column({ type: 'bytea' })
  data!: Buffer;
}
