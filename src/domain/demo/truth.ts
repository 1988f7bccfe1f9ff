import type { DataSource } from 'typeorm';
import type { EventTypeName } from '../../data/entities/event-type';
import { MetaEntity } from '../../data/entities/meta.entity';
import { DAY_MS, isoDate, SEASONALITY, type DemoCalendar } from './calendar';
import { categoryExternalId, DEPARTMENTS } from './catalog.data';
import type { CatalogModel, ProductKind } from './product-model';
import type { CustomerModel } from './customers.generator';
import { CANCEL_RATE, RETURN_DELAY_DAYS } from './demand.generator';
import type { DemoEvent, DemoOrder, DemoOrderLine, ProductTier, ResolvedDemoOptions } from './demo.types';
import { FUNNEL } from './funnel.generator';
import { departmentWeight } from './group-weights';
import { type Lifecycle, PERSONAS, PREFERRED_WEIGHT } from './personas.data';

/** The aisle_meta key the planted truth is stored under. */
export const DEMO_TRUTH_KEY = 'demo_truth';

/** A planted customer group. Category keys are department (top-level category) external ids. */
export interface DemoGroupTruth {
  key: string;
  name: string;
  share: number;
  memberCount: number;
  /** Departments with weight ≥ 2: where the group's purchases concentrate. */
  preferredCategories: string[];
  categoryWeights: Record<string, number>;
  tierAffinity: Record<ProductTier, number>;
  countries: Record<string, number>;
  ordersPerYear: number;
  basketSize: number;
  browsePerYear: number;
  lifecycle: Lifecycle;
  giftSeason: boolean;
}

/** Everything planted in the demo shop, for tests and evaluations of later features. Dates are YYYY-MM-DD (UTC). */
export interface DemoTruth {
  version: 1;
  seed: number;
  options: ResolvedDemoOptions;
  /** The history covers startDate (inclusive) to endDate (exclusive). */
  window: { startDate: string; endDate: string; days: number };
  groups: DemoGroupTruth[];
  /** Per user external id: group key, own order rate, active window (null = before / after the history). */
  users: Record<string, { group: string; ordersPerYear: number; activeFrom: string | null; activeUntil: string | null }>;
  /** Per leaf category external id: its department and constant price elasticity. */
  categories: Record<string, { department: string; elasticity: number }>;
  /** Expected units of a product ∝ (price / basePrice) ^ elasticity, elasticity constant per leaf category. */
  elasticityModel: string;
  products: Record<string, ProductTruth>;
  /** Demand × 1 before startsOn, then rising linearly to × gain on the last day. */
  trending: Array<{ product: string; startsOn: string; gain: number }>;
  slowMovers: string[];
  /** Inactive products sold until discontinuedOn (exclusive), nothing after. */
  inactive: Array<{ product: string; discontinuedOn: string }>;
  seasonality: {
    /** Multiplier by UTC day of week, Sunday first. */
    weekly: number[];
    /** 1 + amplitude × cos(2π (dayOfYear − peakDayOfYear) / 365.25), dayOfYear 0-based. */
    yearly: { amplitude: number; peakDayOfYear: number };
    giftSeason: { groups: string[]; from: string; to: string; multiplier: number };
  };
  rates: {
    cancelled: number;
    returnByCategory: Record<string, number>;
    returnDelayDays: { min: number; max: number };
    funnel: Record<string, number>;
  };
  counts: DemoCounts;
}

export interface ProductTruth {
  category: string;
  department: string;
  tier: ProductTier;
  popularity: number;
  elasticity: number;
  basePrice: number;
  /** Price from each date on; the first entry is the history's start date at basePrice. */
  priceHistory: Array<{ from: string; price: number }>;
  kind: ProductKind;
}

export interface DemoCounts {
  categories: number;
  products: number;
  users: number;
  orders: number;
  orderLines: number;
  events: number;
  returns: number;
  cancelledOrders: number;
  eventsByType: Partial<Record<EventTypeName, number>>;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function groupTruth(customers: CustomerModel): DemoGroupTruth[] {
  return PERSONAS.map((p, g) => {
    const weights = Object.fromEntries(DEPARTMENTS.map((d, i) => [categoryExternalId(d.key), departmentWeight(p, i)]));
    return {
      key: p.key,
      name: p.name,
      share: p.share,
      memberCount: customers.models.filter((u) => u.group === g).length,
      preferredCategories: Object.keys(weights).filter((k) => weights[k] >= PREFERRED_WEIGHT),
      categoryWeights: weights,
      tierAffinity: { ...p.tierAffinity },
      countries: { ...p.countries },
      ordersPerYear: p.ordersPerYear,
      basketSize: p.basketSize,
      browsePerYear: p.browsePerYear,
      lifecycle: p.lifecycle,
      giftSeason: p.giftSeason,
    };
  });
}

function userTruth(customers: CustomerModel, calendar: DemoCalendar): DemoTruth['users'] {
  const dateOf = (t: number) => isoDate(calendar.startMs + t * DAY_MS);
  return Object.fromEntries(
    customers.models.map((u) => [
      u.externalId,
      {
        group: PERSONAS[u.group].key,
        ordersPerYear: round(u.ordersPerYear, 3),
        activeFrom: PERSONAS[u.group].lifecycle === 'one_off' ? dateOf(u.activeFrom) : null,
        activeUntil: u.activeUntil < calendar.days ? dateOf(u.activeUntil) : null,
      },
    ]),
  );
}

function productTruth(catalog: CatalogModel, calendar: DemoCalendar): DemoTruth['products'] {
  const dateOf = (t: number) => isoDate(calendar.startMs + t * DAY_MS);
  return Object.fromEntries(
    catalog.models.map((m) => [
      m.externalId,
      {
        category: catalog.leaves[m.leaf].externalId,
        department: categoryExternalId(DEPARTMENTS[m.department].key),
        tier: m.tier,
        popularity: round(m.popularity, 4),
        elasticity: m.elasticity,
        basePrice: m.basePrice,
        priceHistory: m.prices.map((s) => ({ from: dateOf(s.day), price: s.price })),
        kind: m.kind,
      },
    ]),
  );
}

/** Counts of the generated rows, as the summary and the truth report them. */
export function countShop(shop: {
  categories: unknown[]; products: unknown[]; users: unknown[]; orders: DemoOrder[]; lines: DemoOrderLine[]; events: DemoEvent[];
}): DemoCounts {
  const eventsByType: Partial<Record<EventTypeName, number>> = {};
  for (const e of shop.events) eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
  return {
    categories: shop.categories.length,
    products: shop.products.length,
    users: shop.users.length,
    orders: shop.orders.length,
    orderLines: shop.lines.length,
    events: shop.events.length,
    returns: shop.orders.filter((o) => o.returnOf !== null).length,
    cancelledOrders: shop.orders.filter((o) => o.cancelled).length,
    eventsByType,
  };
}

function patternTruth(catalog: CatalogModel, calendar: DemoCalendar): Pick<DemoTruth, 'trending' | 'slowMovers' | 'inactive'> {
  const dateOf = (t: number) => isoDate(calendar.startMs + t * DAY_MS);
  return {
    trending: catalog.models
      .filter((m) => m.trend)
      .map((m) => ({ product: m.externalId, startsOn: dateOf(m.trend!.startDay), gain: m.trend!.gain })),
    slowMovers: catalog.models.filter((m) => m.kind === 'slow').map((m) => m.externalId),
    inactive: catalog.models
      .filter((m) => m.discontinuedDay !== null)
      .map((m) => ({ product: m.externalId, discontinuedOn: dateOf(m.discontinuedDay!) })),
  };
}

function seasonalityTruth(): DemoTruth['seasonality'] {
  return {
    weekly: [...SEASONALITY.weekly],
    yearly: { amplitude: SEASONALITY.yearlyAmplitude, peakDayOfYear: SEASONALITY.yearlyPeakDayOfYear },
    giftSeason: {
      groups: PERSONAS.filter((p) => p.giftSeason).map((p) => p.key),
      from: '12-01',
      to: '12-24',
      multiplier: 1 + SEASONALITY.giftSeasonBoost,
    },
  };
}

function ratesTruth(): DemoTruth['rates'] {
  return {
    cancelled: CANCEL_RATE,
    returnByCategory: Object.fromEntries(DEPARTMENTS.map((d) => [categoryExternalId(d.key), d.returnRate])),
    returnDelayDays: { ...RETURN_DELAY_DAYS },
    funnel: { ...FUNNEL },
  };
}

/** Builds the truth document from the models the shop was generated from. */
export function buildTruth(
  options: ResolvedDemoOptions,
  calendar: DemoCalendar,
  catalog: CatalogModel,
  customers: CustomerModel,
  counts: DemoCounts,
): DemoTruth {
  return {
    version: 1,
    seed: options.seed,
    options,
    window: { startDate: isoDate(calendar.startMs), endDate: isoDate(calendar.endMs), days: calendar.days },
    groups: groupTruth(customers),
    users: userTruth(customers, calendar),
    categories: Object.fromEntries(
      catalog.leaves.map((l) => [l.externalId, { department: categoryExternalId(DEPARTMENTS[l.department].key), elasticity: l.elasticity }]),
    ),
    elasticityModel: 'expected units ∝ (price / basePrice) ^ elasticity, one constant elasticity per leaf category',
    products: productTruth(catalog, calendar),
    ...patternTruth(catalog, calendar),
    seasonality: seasonalityTruth(),
    rates: ratesTruth(),
    counts,
  };
}

/** The planted truth of the demo shop loaded into this database, or null when none was loaded. */
export async function getDemoTruth(dataSource: DataSource): Promise<DemoTruth | null> {
  const row = await dataSource.getRepository(MetaEntity).findOneBy({ key: DEMO_TRUTH_KEY });
  return row ? (row.value as DemoTruth) : null;
}
