export * from './behaviour-clusters';
export * from './behaviour-features';
