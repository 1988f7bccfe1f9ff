import { DAY_MS, SEASONALITY, timeOfDay, type DemoCalendar } from './calendar';
import { DEPARTMENTS } from './catalog.data';
import { priceOnDay, type ProductModel } from './product-model';
import type { UserModel } from './customers.generator';
import { dailyMultipliers, dailySamplers, type GroupWeights } from './group-weights';
import { PERSONAS } from './personas.data';
import { Rng, type WeightedSampler } from './random';

/** Share of orders cancelled right after checkout. */
export const CANCEL_RATE = 0.02;

/** A returned line comes back this many days after the purchase (uniform, inclusive). */
export const RETURN_DELAY_DAYS = { min: 3, max: 30 } as const;

/** A line before ids are assigned; product indexes the catalogue model. */
export interface DraftLine {
  product: number;
  quantity: number;
  unitPrice: number;
}

/** An order (or a return, when returnOf is set) before ids are assigned; user indexes the customer model. */
export interface DraftOrder {
  seq: number;
  user: number;
  day: number;
  placedAt: number;
  lines: DraftLine[];
  cancelled: boolean;
  returnOf: DraftOrder | null;
}

interface OrderContext {
  rng: Rng;
  calendar: DemoCalendar;
  products: readonly ProductModel[];
  orders: DraftOrder[];
}

/** A basket of 1 + Poisson(basketSize − 1) draws; a product drawn twice becomes one line with more units. */
function drawLines(ctx: OrderContext, sampler: WeightedSampler, basketSize: number, t: number): DraftLine[] {
  const lines: DraftLine[] = [];
  const draws = 1 + ctx.rng.poisson(basketSize - 1);
  for (let k = 0; k < draws; k++) {
    const product = sampler.sample(ctx.rng);
    if (product < 0) break;
    const model = ctx.products[product];
    const quantity = 1 + ctx.rng.poisson(DEPARTMENTS[model.department].extraUnits);
    const existing = lines.find((l) => l.product === product);
    if (existing) existing.quantity += quantity;
    else lines.push({ product, quantity, unitPrice: priceOnDay(model, t) });
  }
  return lines;
}

function placeOrder(ctx: OrderContext, user: UserModel, t: number, sampler: WeightedSampler): void {
  const placedAt = ctx.calendar.startMs + t * DAY_MS + timeOfDay(ctx.rng.next(), ctx.rng.next());
  const lines = drawLines(ctx, sampler, PERSONAS[user.group].basketSize, t);
  if (lines.length === 0) return;
  const cancelled = ctx.rng.bernoulli(CANCEL_RATE);
  ctx.orders.push({ seq: ctx.orders.length, user: user.index, day: t, placedAt, lines, cancelled, returnOf: null });
}

/** Orders per day for one user: rate/365 × weekly × yearly × gift season × the group's Z(t)/Z0. */
function orderIntensity(user: UserModel, calendar: DemoCalendar, t: number, ratio: number): number {
  const persona = PERSONAS[user.group];
  const gift = persona.giftSeason && calendar.giftSeason[t] ? 1 + SEASONALITY.giftSeasonBoost : 1;
  return (user.ordersPerYear / 365) * calendar.dayFactor[t] * gift * ratio;
}

/**
 * Purchases, day by day: each active shopper places Poisson(intensity) orders (capped by maxOrders), each
 * basket drawn from the shopper's group's product weights of that day.
 */
export function generateOrders(
  seed: number,
  calendar: DemoCalendar,
  products: readonly ProductModel[],
  users: readonly UserModel[],
  weights: GroupWeights,
): DraftOrder[] {
  const ctx: OrderContext = { rng: Rng.forStream(seed, 'orders'), calendar, products, orders: [] };
  const placed = new Uint32Array(users.length);
  for (let t = 0; t < calendar.days; t++) {
    const today = dailySamplers(weights, dailyMultipliers(products, t, calendar.days));
    for (const user of users) {
      if (t < user.activeFrom || t >= user.activeUntil || placed[user.index] >= user.maxOrders) continue;
      const n = ctx.rng.poisson(orderIntensity(user, calendar, t, today.intensityRatio[user.group]));
      for (let k = 0; k < n && placed[user.index] < user.maxOrders; k++) {
        placeOrder(ctx, user, t, today.samplers[user.group]);
        placed[user.index]++;
      }
    }
  }
  return ctx.orders;
}

function drawReturn(rng: Rng, order: DraftOrder, products: readonly ProductModel[]): DraftLine[] {
  const lines: DraftLine[] = [];
  for (const line of order.lines) {
    if (!rng.bernoulli(DEPARTMENTS[products[line.product].department].returnRate)) continue;
    const quantity = -(1 + rng.int(line.quantity));
    lines.push({ product: line.product, quantity, unitPrice: line.unitPrice });
  }
  return lines;
}

/**
 * Returns of sold (not cancelled) orders: each line comes back with its department's return rate, partly or
 * wholly, as one return order per original order RETURN_DELAY_DAYS later; returns past the history are dropped.
 */
export function generateReturns(
  seed: number,
  calendar: DemoCalendar,
  orders: readonly DraftOrder[],
  products: readonly ProductModel[],
): DraftOrder[] {
  const rng = Rng.forStream(seed, 'returns');
  const returns: DraftOrder[] = [];
  for (const order of orders) {
    if (order.cancelled) continue;
    const lines = drawReturn(rng, order, products);
    const day = order.day + rng.intBetween(RETURN_DELAY_DAYS.min, RETURN_DELAY_DAYS.max);
    const placedAt = calendar.startMs + day * DAY_MS + timeOfDay(rng.next(), rng.next());
    if (lines.length === 0 || day >= calendar.days) continue;
    returns.push({ seq: orders.length + returns.length, user: order.user, day, placedAt, lines, cancelled: false, returnOf: order });
  }
  return returns;
}
