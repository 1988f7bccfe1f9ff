export * from './category.entity';
export * from './event-type';
export * from './event.entity';
export * from './meta.entity';
export * from './order-line.entity';
export * from './order.entity';
export * from './product.entity';
export * from './user.entity';

import { CategoryEntity } from './category.entity';
import { EventEntity } from './event.entity';
import { MetaEntity } from './meta.entity';
import { OrderLineEntity } from './order-line.entity';
import { OrderEntity } from './order.entity';
import { ProductEntity } from './product.entity';
import { UserEntity } from './user.entity';

/** Every entity the data source maps. */
export const ENTITIES = [
  UserEntity,
  CategoryEntity,
  ProductEntity,
  EventEntity,
  OrderEntity,
  OrderLineEntity,
  MetaEntity,
];
