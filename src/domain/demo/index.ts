/**
 * The demo shop: a synthetic shop with planted structure (customer groups, seasonality, trends, slow movers,
 * price elasticities, returns, funnels) that later features are tested against, and the truth to test them with.
 */
export { DEMO_DEFAULTS, DEMO_LIMITS, DemoOptionsError, generateDemoShop, resolveDemoOptions } from './demo.generator';
export { DemoShopConflictError, loadDemoShop } from './demo.service';
export { DEMO_TRUTH_KEY, getDemoTruth } from './truth';
export type { DemoCounts, DemoGroupTruth, DemoTruth, ProductTruth } from './truth';
export type {
  DemoCategory,
  DemoEvent,
  DemoOptions,
  DemoOrder,
  DemoOrderLine,
  DemoProduct,
  DemoShop,
  DemoSummary,
  DemoUser,
  ProductTier,
  ResolvedDemoOptions,
} from './demo.types';
