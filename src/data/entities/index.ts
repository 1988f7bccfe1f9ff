export * from './category.entity';
export * from './event-type';
export * from './event.entity';
export * from './job.entity';
export * from './meta.entity';
export * from './model-artifact.entity';
export * from './model-version.entity';
export * from './order-line.entity';
export * from './order.entity';
export * from './product.entity';
export * from './user.entity';

import { CategoryEntity } from './category.entity';
import { EventEntity } from './event.entity';
import { JobEntity } from './job.entity';
import { MetaEntity } from './meta.entity';
import { ModelArtifactEntity } from './model-artifact.entity';
import { ModelVersionEntity } from './model-version.entity';
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
  ModelVersionEntity,
  ModelArtifactEntity,
  JobEntity,
];
