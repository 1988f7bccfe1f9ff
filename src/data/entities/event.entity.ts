import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { EventTypeName } from './event-type';
import { ProductEntity } from './product.entity';
import { UserEntity } from './user.entity';
import { numericToNumber } from './transformers';

/** One behavioural signal; eventId, when the sender gives one, makes replays idempotent. */
@Entity('events')
@Index('idx_events_user_time', ['userId', 'occurredAt'])
@Index('idx_events_product_time', ['productId', 'occurredAt'])
export class EventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'event_id', type: 'text', nullable: true, unique: true })
  eventId!: string | null;

  @Column({ name: 'user_id', type: 'bigint' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ name: 'product_id', type: 'bigint' })
  productId!: string;

  @ManyToOne(() => ProductEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;

  @Column({ type: 'text' })
  type!: EventTypeName;

  @Column({ type: 'double precision', nullable: true })
  value!: number | null;

  @Column({ type: 'integer', nullable: true })
  quantity!: number | null;

  @Column({ type: 'numeric', precision: 14, scale: 4, nullable: true, transformer: numericToNumber })
  price!: number | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
