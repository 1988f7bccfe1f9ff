import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { OrderLineEntity } from './order-line.entity';
import { UserEntity } from './user.entity';
import { numericToNumber } from './transformers';

/** A placed order (invoice); userId is null for guests and for forgotten users. */
@Entity('orders')
@Index('idx_orders_user_time', ['userId', 'placedAt'])
@Index('idx_orders_placed_at', ['placedAt'])
export class OrderEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'external_id', type: 'text', unique: true })
  externalId!: string;

  @Column({ name: 'user_id', type: 'bigint', nullable: true })
  userId!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity | null;

  @Column({ name: 'placed_at', type: 'timestamptz' })
  placedAt!: Date;

  @Column({ type: 'numeric', precision: 16, scale: 4, transformer: numericToNumber })
  total!: number;

  @Column({ type: 'boolean', default: false })
  cancelled!: boolean;

  @Column({ type: 'text', nullable: true })
  country!: string | null;

  @OneToMany(() => OrderLineEntity, (line) => line.order)
  lines?: OrderLineEntity[];
}
