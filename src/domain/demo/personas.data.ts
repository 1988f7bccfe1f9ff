import type { ProductTier } from './demo.types';

/**
 * The planted customer groups. Each has its own department preferences (so user clustering and item
 * co-occurrence are recoverable), price-tier affinity, countries, purchase frequency, basket size and life
 * cycle (so RFM, CLV and propensity have something true to find).
 */
export type Lifecycle = 'steady' | 'lapsing' | 'one_off';

export interface PersonaSpec {
  key: string;
  name: string;
  /** Share of users in the group. */
  share: number;
  /** Weight of each department key; departments not listed weigh OTHER_DEPARTMENT_WEIGHT. */
  departmentWeights: Readonly<Record<string, number>>;
  tierAffinity: Readonly<Record<ProductTier, number>>;
  countries: Readonly<Record<string, number>>;
  /** Mean orders per year while active (each user's own rate is this × Gamma(2, 1/2)). */
  ordersPerYear: number;
  /** Mean products per order (1 + Poisson(basketSize − 1)). */
  basketSize: number;
  /** Browse-only sessions per year while active. */
  browsePerYear: number;
  lifecycle: Lifecycle;
  /** Whether the group shops (1 + giftSeasonBoost) times as much from December 1 to 24. */
  giftSeason: boolean;
}

/** Weight of a department a group does not list: low, so groups buy mostly where they prefer. */
export const OTHER_DEPARTMENT_WEIGHT = 0.3;

/** A department counts as preferred by a group when its weight is at least this. */
export const PREFERRED_WEIGHT = 2;

const NEUTRAL_TIERS = { budget: 1, standard: 1, premium: 1 } as const;

export const PERSONAS: readonly PersonaSpec[] = [
  {
    key: 'bargain_hunters', name: 'Bargain hunters', share: 0.3,
    departmentWeights: { grocery: 6, home: 4, toys: 2 },
    tierAffinity: { budget: 2.5, standard: 1, premium: 0.3 },
    countries: { DE: 0.4, PL: 0.3, NL: 0.3 },
    ordersPerYear: 18, basketSize: 2.8, browsePerYear: 20, lifecycle: 'steady', giftSeason: false,
  },
  {
    key: 'premium_loyalists', name: 'Premium loyalists', share: 0.15,
    departmentWeights: { electronics: 6, fashion: 4, beauty: 3 },
    tierAffinity: { budget: 0.3, standard: 1, premium: 3 },
    countries: { GB: 0.4, CH: 0.3, US: 0.3 },
    ordersPerYear: 24, basketSize: 1.8, browsePerYear: 20, lifecycle: 'steady', giftSeason: false,
  },
  {
    key: 'occasional_gifters', name: 'Occasional gifters', share: 0.2,
    departmentWeights: { toys: 6, beauty: 3, electronics: 2 },
    tierAffinity: NEUTRAL_TIERS,
    countries: { US: 0.5, CA: 0.25, GB: 0.25 },
    ordersPerYear: 5, basketSize: 1.6, browsePerYear: 10, lifecycle: 'steady', giftSeason: true,
  },
  {
    key: 'one_off', name: 'New / one-off', share: 0.2,
    departmentWeights: { fashion: 5, sports: 4 },
    tierAffinity: NEUTRAL_TIERS,
    countries: { FR: 0.4, ES: 0.3, IT: 0.3 },
    ordersPerYear: 52, basketSize: 1.5, browsePerYear: 40, lifecycle: 'one_off', giftSeason: false,
  },
  {
    key: 'lapsed', name: 'Lapsed', share: 0.15,
    departmentWeights: { sports: 6, home: 3, grocery: 2 },
    tierAffinity: NEUTRAL_TIERS,
    countries: { DE: 0.3, FR: 0.4, SE: 0.3 },
    ordersPerYear: 14, basketSize: 2.2, browsePerYear: 16, lifecycle: 'lapsing', giftSeason: false,
  },
];

/** One-off shoppers are active for this many days after signing up and place at most one order. */
export const ONE_OFF_ACTIVE_DAYS = 30;

/** Lapsing shoppers stop at a day drawn uniformly in this fraction of the history. */
export const LAPSE_WINDOW = { from: 0.2, to: 0.6 } as const;
