import { JSONResolver } from 'graphql-scalars';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { CategoryRecord, ProductRecord } from '../../domain/catalog/catalog.records';
import type { ProductOrderBy as DomainProductOrderBy } from '../../domain/catalog/product-query';
import { Connection, ConnectionArgs } from './connection.types';

/** A sellable item of the catalogue (prices in the shop currency). */
@ObjectType({ description: 'A sellable item of the catalogue; prices are in the shop currency.' })
export class Product {
  @Field(() => ID)
  id!: string;

  @Field({ description: "The shop's own identifier." })
  externalId!: string;

  @Field()
  name!: string;

  @Field(() => Float)
  price!: number;

  @Field(() => Float, { nullable: true })
  cost!: number | null;

  @Field(() => Int, { nullable: true, description: 'Units in stock; null when the shop does not track stock.' })
  stock!: number | null;

  @Field()
  active!: boolean;

  @Field(() => JSONResolver, { nullable: true })
  attributes!: Record<string, unknown> | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  /** Not exposed: read by the `category` field resolver. */
  categoryId!: string | null;
}

/** A node of the category tree. */
@ObjectType({ description: 'A node of the category tree.' })
export class Category {
  @Field(() => ID)
  id!: string;

  @Field()
  externalId!: string;

  @Field()
  name!: string;

  /** Not exposed: read by the `parent` field resolver. */
  parentId!: string | null;
}

@ObjectType()
export class ProductConnection extends Connection(Product, 'Product') {}

/** Public names of the product orders; `satisfies` keeps them in step with the domain's. */
export const ProductOrderBy = {
  ID_ASC: 'ID_ASC',
  NAME_ASC: 'NAME_ASC',
  PRICE_ASC: 'PRICE_ASC',
  PRICE_DESC: 'PRICE_DESC',
  CREATED_DESC: 'CREATED_DESC',
} as const satisfies { [K in DomainProductOrderBy]: K };
export type ProductOrderBy = DomainProductOrderBy;

registerEnumType(ProductOrderBy, {
  name: 'ProductOrderBy',
  description: 'Sort orders of product lists; ties are broken by id.',
});

/** Narrows `products`; fields combine with AND. */
@InputType({ description: 'Narrows a product list; fields combine with AND.' })
export class ProductFilter {
  @Field(() => ID, { nullable: true, description: 'This category and all its descendants.' })
  categoryId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Case-insensitive substring of the name, or the exact externalId.',
  })
  search?: string | null;

  @Field(() => Float, { nullable: true })
  minPrice?: number | null;

  @Field(() => Float, { nullable: true })
  maxPrice?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: stock > 0 or stock not tracked (null); false: stock <= 0.',
  })
  inStock?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;
}

@ArgsType()
export class ProductsArgs extends ConnectionArgs {
  @Field(() => ProductFilter, { nullable: true })
  filter?: ProductFilter | null;

  @Field(() => ProductOrderBy, { nullable: true, defaultValue: 'ID_ASC' })
  orderBy?: ProductOrderBy | null;
}

/** One product of `upsertProducts`; omitted optional fields keep the stored value, null clears it. */
@InputType({
  description: 'One product to upsert by externalId; omitted optional fields keep the stored value, null clears it.',
})
export class ProductInput {
  @Field()
  externalId!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'A category by its externalId.' })
  categoryExternalId?: string | null;

  @Field(() => Float)
  price!: number;

  @Field(() => Float, { nullable: true })
  cost?: number | null;

  @Field(() => Int, { nullable: true })
  stock?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Defaults to true for new products.' })
  active?: boolean | null;

  @Field(() => JSONResolver, { nullable: true, description: 'A JSON object of free-form attributes.' })
  attributes?: Record<string, unknown> | null;
}

/** One category of `upsertCategories`. */
@InputType({ description: 'One category to upsert; the parent may be another row of the same batch.' })
export class CategoryInput {
  @Field()
  externalId!: string;

  @Field()
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Parent by externalId; null makes a root, omitted keeps the stored parent.',
  })
  parentExternalId?: string | null;
}

/** Maps a product record to its GraphQL type. */
export function toProduct(record: ProductRecord): Product {
  return {
    id: record.id,
    externalId: record.externalId,
    name: record.name,
    price: record.price,
    cost: record.cost,
    stock: record.stock,
    active: record.active,
    attributes: record.attributes,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    categoryId: record.categoryId,
  };
}

/** Maps a category record to its GraphQL type. */
export function toCategory(record: CategoryRecord): Category {
  return { id: record.id, externalId: record.externalId, name: record.name, parentId: record.parentId };
}
