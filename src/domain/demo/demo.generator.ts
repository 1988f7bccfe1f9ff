import { buildCalendar, isoDate, utcMidnight } from './calendar';
import { DEPARTMENTS } from './catalog.data';
import { generateCatalog } from './catalog.generator';
import { generateCustomers } from './customers.generator';
import { generateOrders, generateReturns } from './demand.generator';
import type { DemoEvent, DemoOptions, DemoShop, ResolvedDemoOptions } from './demo.types';
import { generateFunnelEvents } from './funnel.generator';
import { buildGroupWeights } from './group-weights';
import { toOrderRows } from './order-rows';
import { buildTruth, countShop } from './truth';

/** Default sizes: enough signal for every planted property, and a load of a few seconds on two cores. */
export const DEMO_DEFAULTS = { users: 2000, products: 400, days: 365, seed: 42 } as const;

const LEAF_COUNT = DEPARTMENTS.reduce((n, d) => n + d.leaves.length, 0);

/** Limits of each size option; below them a planted property (e.g. a 6-week trend) would not fit. */
export const DEMO_LIMITS = {
  users: { min: 10, max: 1_000_000 },
  products: { min: LEAF_COUNT, max: 100_000 },
  days: { min: 60, max: 3650 },
  seed: { min: 0, max: 4_294_967_295 },
} as const;

/** A demo option a caller got wrong; the message names the option and the accepted range. */
export class DemoOptionsError extends Error {
  override name = 'DemoOptionsError';
}

function intOption(name: keyof typeof DEMO_LIMITS, value: number | undefined): number {
  const { min, max } = DEMO_LIMITS[name];
  const resolved = value ?? DEMO_DEFAULTS[name];
  if (!Number.isInteger(resolved) || resolved < min || resolved > max) {
    throw new DemoOptionsError(`${name} must be an integer in ${min}..${max} (got ${String(value)})`);
  }
  return resolved;
}

/** Fills in defaults (end date: today, UTC) and validates; `now` is injectable for tests. */
export function resolveDemoOptions(options: DemoOptions = {}, now: Date = new Date()): ResolvedDemoOptions {
  let endMs: number;
  try {
    endMs = utcMidnight(options.endDate ?? now);
  } catch (error) {
    throw new DemoOptionsError((error as Error).message);
  }
  return {
    users: intOption('users', options.users),
    products: intOption('products', options.products),
    days: intOption('days', options.days),
    seed: intOption('seed', options.seed),
    endDate: isoDate(endMs),
  };
}

/** Sorts events by time (stable: generation order breaks ties) and numbers them demo:1, demo:2, … in place. */
function numberEvents(events: DemoEvent[]): DemoEvent[] {
  events.sort((a, b) => a.occurredAt - b.occurredAt);
  events.forEach((e, n) => (e.eventId = `demo:${n + 1}`));
  return events;
}

/**
 * Generates the whole demo shop and its planted truth. Pure: no database, no clock (once the end date is
 * resolved), no Math.random — the same resolved options always give a byte-identical result.
 */
export function generateDemoShop(options: DemoOptions = {}): DemoShop {
  const resolved = resolveDemoOptions(options);
  const calendar = buildCalendar(utcMidnight(resolved.endDate), resolved.days);
  const catalog = generateCatalog(resolved.seed, resolved);
  const customers = generateCustomers(resolved.seed, resolved.users, calendar);
  const weights = buildGroupWeights(catalog.models);
  const orders = generateOrders(resolved.seed, calendar, catalog.models, customers.models, weights);
  const returns = generateReturns(resolved.seed, calendar, orders, catalog.models);
  const rows = toOrderRows(orders.concat(returns), customers.models, customers.users, catalog.models);
  const events = numberEvents(
    generateFunnelEvents(resolved.seed, calendar, catalog.models, customers.models, weights, { orders, returns }),
  );
  const shop = { categories: catalog.categories, products: catalog.products, users: customers.users, ...rows, events };
  const truth = buildTruth(resolved, calendar, catalog, customers, countShop(shop));
  return { options: resolved, ...shop, truth };
}
