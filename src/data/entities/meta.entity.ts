import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Small named documents the system keeps about itself, e.g. the demo shop's planted truth. */
@Entity('aisle_meta')
export class MetaEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'jsonb' })
  value!: unknown;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
