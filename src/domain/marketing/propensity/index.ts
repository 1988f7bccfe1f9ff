export * from './features';
export * from './metrics';
export * from './propensity';
export * from './shop-propensity';
