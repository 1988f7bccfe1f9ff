import DataLoader from 'dataloader';
import type { CategoryRecord, ProductRecord } from '../../domain/catalog/catalog.records';
import type { PageArgs, Page } from '../../domain/common/pagination';
import { withTotal } from '../../domain/common/pagination';
import type { RequestContext } from '../../domain/common/request-context';
import type { UserRecord } from '../../domain/customers/user.records';
import type { EventRecord } from '../../domain/events/event.records';
import type { EventTypeName } from '../../domain/events/event-types';
import type { OrderLineRecord, OrderRecord } from '../../domain/orders/order.records';
import type { CustomerProfileRecord, MembershipRecord } from '../../domain/segments/segment.records';
import type { DomainServices } from '../../domain/services';
import { CountLoader, PageLoader } from './page.loader';

/** The per-request DataLoaders; each field resolver that reads by parent goes through one of them. */
export interface Loaders {
  productById: DataLoader<string, ProductRecord | null>;
  categoryById: DataLoader<string, CategoryRecord | null>;
  userById: DataLoader<string, UserRecord | null>;
  orderLines: DataLoader<string, OrderLineRecord[]>;
  /** `Category.products`: the category subtree's products, batched across categories. */
  categoryProducts(categoryId: string, args: PageArgs): Promise<Page<ProductRecord>>;
  /** `User.events`, batched across users. */
  userEvents(userId: string, args: PageArgs, type: EventTypeName | null): Promise<Page<EventRecord>>;
  /** `User.orders`, batched across users. */
  userOrders(userId: string, args: PageArgs): Promise<Page<OrderRecord>>;
  /** `User.segments`, batched across users. */
  userSegments: DataLoader<string, MembershipRecord[]>;
  /** `User.profile`, batched across users. */
  userProfile: DataLoader<string, CustomerProfileRecord | null>;
  /** `Segment.members`, batched across segments. */
  segmentMembers(segmentId: string, args: PageArgs): Promise<Page<UserRecord>>;
}

/** A DataLoader over a by-ids batch read (which returns rows aligned with the ids). */
function byId<T>(read: (ids: readonly string[]) => Promise<Array<T | null>>): DataLoader<string, T | null> {
  return new DataLoader(read, { maxBatchSize: 1000 });
}

/** Builds the nested-connection loaders; page arguments are validated before anything is batched. */
function connectionLoaders(ctx: RequestContext, s: DomainServices) {
  const categoryPages = new PageLoader<ProductRecord>((ids, req) => s.products.pagesByCategory(ctx, ids, req));
  const categoryCounts = new CountLoader((ids) => s.products.countByCategory(ctx, ids));
  const eventPages = new PageLoader<EventRecord, EventTypeName | null>((ids, req, type) =>
    s.events.pagesByUser(ctx, ids, req, type),
  );
  const eventCounts = new CountLoader<EventTypeName | null>((ids, type) => s.events.countByUser(ctx, ids, type));
  const orderPages = new PageLoader<OrderRecord>((ids, req) => s.orders.pagesByUser(ctx, ids, req));
  const orderCounts = new CountLoader((ids) => s.orders.countByUser(ctx, ids));
  const memberPages = new PageLoader<UserRecord>((ids, req) => s.segments.memberPages(ctx, ids, req));
  const memberCounts = new CountLoader((ids) => s.segments.countMembers(ctx, ids));
  return {
    async segmentMembers(segmentId: string, args: PageArgs) {
      const slice = await memberPages.load(segmentId, s.segments.memberPageRequest(args), null);
      return withTotal(slice, () => memberCounts.load(segmentId, null));
    },
    async categoryProducts(categoryId: string, args: PageArgs) {
      const slice = await categoryPages.load(categoryId, s.products.categoryPageRequest(args), null);
      return withTotal(slice, () => categoryCounts.load(categoryId, null));
    },
    async userEvents(userId: string, args: PageArgs, type: EventTypeName | null) {
      const slice = await eventPages.load(userId, s.events.userPageRequest(args), type);
      return withTotal(slice, () => eventCounts.load(userId, type));
    },
    async userOrders(userId: string, args: PageArgs) {
      const slice = await orderPages.load(userId, s.orders.userPageRequest(args), null);
      return withTotal(slice, () => orderCounts.load(userId, null));
    },
  };
}

/**
 * Builds a request's loaders. Cheap: DataLoaders are plain objects and nothing runs until a field loads.
 * They read outside any transaction, through the request's (non-transactional) context.
 */
export function createLoaders(ctx: RequestContext, services: DomainServices): Loaders {
  return {
    productById: byId((ids) => services.products.byIds(ctx, ids)),
    categoryById: byId((ids) => services.categories.byIds(ctx, ids)),
    userById: byId((ids) => services.users.byIds(ctx, ids)),
    orderLines: new DataLoader(async (ids) => {
      const lines = await services.orders.linesByOrder(ctx, ids);
      return ids.map((id) => lines.get(id) ?? []);
    }),
    userSegments: new DataLoader(async (ids) => {
      const memberships = await services.segments.membershipsByUser(ctx, ids);
      return ids.map((id) => memberships.get(id) ?? []);
    }),
    userProfile: byId((ids) => services.segments.profilesByUser(ctx, ids)),
    ...connectionLoaders(ctx, services),
  };
}
