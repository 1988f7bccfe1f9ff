import { DAY_MS, timeOfDay, type DemoCalendar } from './calendar';
import type { DemoUser } from './demo.types';
import { LAPSE_WINDOW, ONE_OFF_ACTIVE_DAYS, PERSONAS, type PersonaSpec } from './personas.data';
import { Rng } from './random';

/** A shopper as the demand model sees it: the planted group, rates and the days the shopper is active. */
export interface UserModel {
  index: number;
  externalId: string;
  group: number;
  /** Orders per year while active. */
  ordersPerYear: number;
  /** Browse-only sessions per year while active. */
  browsePerYear: number;
  /** First active day (0 when the shopper existed before the history). */
  activeFrom: number;
  /** First day no longer active (the history length when never lapsing). */
  activeUntil: number;
  /** At most this many orders (1 for one-off shoppers). */
  maxOrders: number;
}

/** The generated shoppers: rows to load and the model behind them. */
export interface CustomerModel {
  users: DemoUser[];
  models: UserModel[];
}

/** Group of each user index: exact quotas by share (largest remainder), in a shuffled order. */
function assignGroups(rng: Rng, count: number): number[] {
  const quotas = PERSONAS.map((p) => p.share * count);
  const sizes = quotas.map(Math.floor);
  const byRemainder = quotas.map((q, g) => ({ g, r: q - Math.floor(q) })).sort((a, b) => b.r - a.r || a.g - b.g);
  for (let i = 0; sizes.reduce((a, b) => a + b, 0) < count; i++) sizes[byRemainder[i % sizes.length].g]++;
  const groups = sizes.flatMap((size, g) => Array.from({ length: size }, () => g));
  return rng.shuffled(groups);
}

function drawCountry(rng: Rng, persona: PersonaSpec): string {
  const names = Object.keys(persona.countries);
  return names[rng.categorical(names.map((n) => persona.countries[n]))];
}

function activeWindow(rng: Rng, persona: PersonaSpec, days: number): { from: number; until: number } {
  if (persona.lifecycle === 'one_off') {
    const from = rng.int(days);
    return { from, until: Math.min(days, from + ONE_OFF_ACTIVE_DAYS) };
  }
  if (persona.lifecycle === 'lapsing') {
    return { from: 0, until: Math.floor(days * rng.uniform(LAPSE_WINDOW.from, LAPSE_WINDOW.to)) };
  }
  return { from: 0, until: days };
}

function drawUser(rng: Rng, index: number, group: number, calendar: DemoCalendar): { row: DemoUser; model: UserModel } {
  const persona = PERSONAS[group];
  const externalId = `demo-u${String(index + 1).padStart(5, '0')}`;
  const window = activeWindow(rng, persona, calendar.days);
  const signupDay = persona.lifecycle === 'one_off' ? window.from : -rng.intBetween(1, 730);
  const createdAt = calendar.startMs + signupDay * DAY_MS + timeOfDay(rng.next(), rng.next());
  const oneOff = persona.lifecycle === 'one_off';
  const model: UserModel = {
    index,
    externalId,
    group,
    ordersPerYear: oneOff ? persona.ordersPerYear : persona.ordersPerYear * rng.gamma(2, 0.5),
    browsePerYear: persona.browsePerYear * rng.gamma(4, 0.25),
    activeFrom: window.from,
    activeUntil: window.until,
    maxOrders: oneOff ? 1 : Number.POSITIVE_INFINITY,
  };
  const row: DemoUser = { externalId, email: `${externalId}@example.com`, country: drawCountry(rng, persona), createdAt };
  return { row, model };
}

/** Generates the shoppers, each in one planted group with its own rates and active window. */
export function generateCustomers(seed: number, count: number, calendar: DemoCalendar): CustomerModel {
  const rng = Rng.forStream(seed, 'customers');
  const groups = assignGroups(rng, count);
  const users: DemoUser[] = [];
  const models: UserModel[] = [];
  groups.forEach((group, index) => {
    const { row, model } = drawUser(rng, index, group, calendar);
    users.push(row);
    models.push(model);
  });
  return { users, models };
}
