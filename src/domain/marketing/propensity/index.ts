export * from './features';
export * from './metrics';
export * from './propensity';
