import type { EventTypeName } from '../../data/entities/event-type';
import { DAY_MS, SEASONALITY, timeOfDay, type DemoCalendar } from './calendar';
import { priceOnDay, type ProductModel } from './product-model';
import type { UserModel } from './customers.generator';
import type { DraftOrder } from './demand.generator';
import type { DemoEvent } from './demo.types';
import { dailyMultipliers, dailySamplers, departmentWeight, type GroupWeights } from './group-weights';
import { PERSONAS, PREFERRED_WEIGHT } from './personas.data';
import { Rng, WeightedSampler } from './random';

/** Rates of the behavioural funnel; the truth document records them. */
export const FUNNEL = {
  /** A purchased product was also viewed 1–7 days before the order with this probability. */
  earlierViewRate: 0.25,
  /** Share of purchased lines rated 2–21 days later (mean 4.1 stars, 2.3 when the line was returned). */
  ratingRate: 0.2,
  /** Products viewed per browse-only session: 1 + Poisson(extraViews), at most maxViews (so a session ends within the hour). */
  extraViews: 1.0,
  maxViews: 5,
  /** Per browse view: clicked in a listing first, added to cart then removed, wish-listed. */
  clickRate: 0.25,
  cartAbandonRate: 0.06,
  wishlistRate: 0.04,
  /** Per browse session: a DISLIKE of a product outside the shopper's preferred departments. */
  dislikeRate: 0.08,
} as const;

interface FunnelContext {
  rng: Rng;
  calendar: DemoCalendar;
  products: readonly ProductModel[];
  users: readonly UserModel[];
  events: DemoEvent[];
}

/** Adds one event (positional optional fields: this runs a quarter of a million times per default shop). */
function emit(
  ctx: FunnelContext,
  user: number,
  product: number,
  type: EventTypeName,
  at: number,
  price: number | null = null,
  quantity: number | null = null,
  value: number | null = null,
): void {
  ctx.events.push({
    eventId: '',
    userExternalId: ctx.users[user].externalId,
    productExternalId: ctx.products[product].externalId,
    type,
    value,
    quantity,
    price,
    occurredAt: at,
  });
}

/** VIEW (sometimes days before too) → ADD_TO_CART → PURCHASE (unless cancelled) → sometimes RATING, per line. */
function purchaseFunnel(ctx: FunnelContext, order: DraftOrder, returned: Set<string>): void {
  const { rng, calendar } = ctx;
  const user = ctx.users[order.user];
  for (const line of order.lines) {
    const price = line.unitPrice;
    const earlierDay = order.day - rng.intBetween(1, 7);
    if (rng.bernoulli(FUNNEL.earlierViewRate) && earlierDay >= Math.max(0, user.activeFrom)) {
      const at = calendar.startMs + earlierDay * DAY_MS + timeOfDay(rng.next(), rng.next());
      emit(ctx, order.user, line.product, 'VIEW', at, priceOnDay(ctx.products[line.product], earlierDay));
    }
    emit(ctx, order.user, line.product, 'VIEW', order.placedAt - 1000 * Math.round(120 + rng.next() * 2400), price);
    const cartAt = order.placedAt - 1000 * Math.round(10 + rng.next() * 100);
    emit(ctx, order.user, line.product, 'ADD_TO_CART', cartAt, price, line.quantity);
    if (order.cancelled) continue;
    emit(ctx, order.user, line.product, 'PURCHASE', order.placedAt, price, line.quantity);
    const ratedAt = order.placedAt + rng.intBetween(2, 21) * DAY_MS + Math.round(rng.next() * 36e5);
    if (rng.bernoulli(FUNNEL.ratingRate) && ratedAt < calendar.endMs) {
      const mean = returned.has(`${order.seq}:${line.product}`) ? 2.3 : 4.1;
      const stars = Math.min(5, Math.max(1, Math.round(mean + 0.9 * rng.normal())));
      emit(ctx, order.user, line.product, 'RATING', ratedAt, null, null, stars);
    }
  }
}

function returnEvents(ctx: FunnelContext, ret: DraftOrder): void {
  for (const line of ret.lines) {
    emit(ctx, ret.user, line.product, 'RETURN', ret.placedAt, line.unitPrice, -line.quantity);
  }
}

/** Per group: products outside the group's preferred departments, by popularity (what its shoppers dislike). */
function dislikeSamplers(products: readonly ProductModel[]): WeightedSampler[] {
  return PERSONAS.map((persona) => {
    const weights = products.map((p) =>
      departmentWeight(persona, p.department) < PREFERRED_WEIGHT && p.discontinuedDay === null ? p.popularity : 0,
    );
    return new WeightedSampler(weights);
  });
}

function browseSession(ctx: FunnelContext, user: UserModel, t: number, sampler: WeightedSampler, dislikes: WeightedSampler): void {
  const { rng } = ctx;
  let at = ctx.calendar.startMs + t * DAY_MS + timeOfDay(rng.next(), rng.next());
  const step = () => (at += 1000 * Math.round(20 + rng.next() * 100));
  const views = Math.min(FUNNEL.maxViews, 1 + rng.poisson(FUNNEL.extraViews));
  for (let k = 0; k < views; k++) {
    const product = sampler.sample(rng);
    if (product < 0) return;
    const price = priceOnDay(ctx.products[product], t);
    if (rng.bernoulli(FUNNEL.clickRate)) emit(ctx, user.index, product, 'CLICK', step());
    emit(ctx, user.index, product, 'VIEW', step(), price);
    if (rng.bernoulli(FUNNEL.cartAbandonRate)) {
      emit(ctx, user.index, product, 'ADD_TO_CART', step(), price, 1);
      emit(ctx, user.index, product, 'REMOVE_FROM_CART', step(), null, 1);
    }
    if (rng.bernoulli(FUNNEL.wishlistRate)) emit(ctx, user.index, product, 'WISHLIST', step());
  }
  const disliked = rng.bernoulli(FUNNEL.dislikeRate) ? dislikes.sample(rng) : -1;
  if (disliked >= 0) emit(ctx, user.index, disliked, 'DISLIKE', step());
}

/** Browse-only sessions: Poisson(browsePerYear/365 × weekly × yearly × gift season) per active shopper and day. */
function browseSessions(ctx: FunnelContext, weights: GroupWeights): void {
  const { calendar } = ctx;
  const dislikes = dislikeSamplers(ctx.products);
  for (let t = 0; t < calendar.days; t++) {
    const today = dailySamplers(weights, dailyMultipliers(ctx.products, t, calendar.days));
    for (const user of ctx.users) {
      if (t < user.activeFrom || t >= user.activeUntil) continue;
      const persona = PERSONAS[user.group];
      const gift = persona.giftSeason && calendar.giftSeason[t] ? 1 + SEASONALITY.giftSeasonBoost : 1;
      const sessions = ctx.rng.poisson((user.browsePerYear / 365) * calendar.dayFactor[t] * gift);
      for (let s = 0; s < sessions; s++) browseSession(ctx, user, t, today.samplers[user.group], dislikes[user.group]);
    }
  }
}

/**
 * Every behavioural event of the shop, in generation order and not yet numbered (eventId ''): purchase funnels,
 * ratings, returns and browse sessions.
 */
export function generateFunnelEvents(
  seed: number,
  calendar: DemoCalendar,
  products: readonly ProductModel[],
  users: readonly UserModel[],
  weights: GroupWeights,
  drafts: { orders: readonly DraftOrder[]; returns: readonly DraftOrder[] },
): DemoEvent[] {
  const ctx: FunnelContext = { rng: Rng.forStream(seed, 'funnel'), calendar, products, users, events: [] };
  const returned = new Set<string>();
  for (const ret of drafts.returns) for (const l of ret.lines) returned.add(`${ret.returnOf!.seq}:${l.product}`);
  for (const order of drafts.orders) purchaseFunnel(ctx, order, returned);
  for (const ret of drafts.returns) returnEvents(ctx, ret);
  ctx.rng = Rng.forStream(seed, 'browse');
  browseSessions(ctx, weights);
  return ctx.events;
}
