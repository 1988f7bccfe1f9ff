import type { RoleName } from '../../domain/auth/principal';

/**
 * Who may call what, in one place. ADMIN may call everything (the auth checker lets it through), so these lists
 * name the other roles. `@Authorized()` with no role means "any valid key".
 *  - INGEST: partner integrations: catalogue/customer/order/event writes, catalogue reads.
 *  - ANALYST: BI: every read including personal data, models, jobs, forecasts and price advice.
 *  - STOREFRONT: public traffic: catalogue, recommendations, similar/trending, its own events; no personal data.
 *  manageSegments: ANALYST may define custom segments and refresh profiles (derived data only; no shop data changes).
 */
export const CAN = {
  readCatalog: ['INGEST', 'ANALYST', 'STOREFRONT'],
  ingest: ['INGEST'],
  recordEvents: ['INGEST', 'STOREFRONT'],
  recommend: ['ANALYST', 'STOREFRONT'],
  readPersonal: ['ANALYST'],
  readAnalytics: ['ANALYST'],
  manageSegments: ['ANALYST'],
  administer: ['ADMIN'],
} as const satisfies Record<string, readonly RoleName[]>;
