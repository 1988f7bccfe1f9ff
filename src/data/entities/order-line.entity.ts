import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrderEntity } from './order.entity';
import { ProductEntity } from './product.entity';
import { numericToNumber } from './transformers';

/**
 * One line of an order. placedAt repeats the order's time so demand series per product and day
 * read one index instead of joining orders; quantity is negative on returns and cancellations.
 */
@Entity('order_lines')
@Index('idx_order_lines_product_time', ['productId', 'placedAt'])
@Index('idx_order_lines_order', ['orderId', 'lineNo'], { unique: true })
export class OrderLineEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'order_id', type: 'bigint' })
  orderId!: string;

  @ManyToOne(() => OrderEntity, (order) => order.lines, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: OrderEntity;

  @Column({ name: 'line_no', type: 'integer' })
  lineNo!: number;

  @Column({ name: 'product_id', type: 'bigint' })
  productId!: string;

  @ManyToOne(() => ProductEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ name: 'unit_price', type: 'numeric', precision: 14, scale: 4, transformer: numericToNumber })
  unitPrice!: number;

  @Column({ name: 'placed_at', type: 'timestamptz' })
  placedAt!: Date;
}
