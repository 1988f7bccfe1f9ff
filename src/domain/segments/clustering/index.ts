export * from './behaviour-clusters';
