import { ArgsType, ClassType, Field, Int, ObjectType } from 'type-graphql';
import type { Page } from '../../domain/common/pagination';

/** Relay page information; forward pagination only (`first`/`after`). */
@ObjectType({ description: 'Where this page sits in the list (Relay PageInfo).' })
export class PageInfo {
  @Field({ description: 'Whether more rows follow endCursor.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when this page was requested with `after` (forward pagination only).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor!: string | null;
}

/** The arguments every connection takes: `first` (1..100, default 20) and an opaque `after` cursor. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, 1..100.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'A cursor from a previous page (endCursor or an edge cursor).' })
  after?: string | null;
}

/** The shape resolvers return for a connection; totalCount may be a promise, resolved only when selected. */
export interface ConnectionShape<TNode> {
  edges: Array<{ cursor: string; node: TNode }>;
  pageInfo: PageInfo;
  readonly totalCount: number | Promise<number>;
}

/**
 * The one generic Relay connection: `Connection(Product, 'Product')` declares `ProductEdge` and the fields of
 * `ProductConnection` (which the caller declares as `@ObjectType() class ProductConnection extends …`).
 */
export function Connection<TNode extends object>(nodeType: ClassType<TNode>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field({ description: 'Opaque; pass as `after` to continue after this edge.' })
    cursor!: string;

    @Field(() => nodeType)
    node!: TNode;
  }

  @ObjectType(`${name}ConnectionBase`)
  abstract class ConnectionType implements ConnectionShape<TNode> {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Rows in the whole list (all pages); counted only when selected.' })
    totalCount!: number | Promise<number>;
  }

  return ConnectionType;
}

/**
 * Maps a domain page to a connection. totalCount is a getter, so the count statement runs only when a client
 * selects the field, and at most once.
 */
export function toConnection<TRecord, TNode>(
  page: Page<TRecord>,
  toNode: (record: TRecord) => TNode,
): ConnectionShape<TNode> {
  return {
    edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toNode(edge.node) })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.startCursor,
      endCursor: page.endCursor,
    },
    get totalCount() {
      return page.totalCount();
    },
  };
}
