export * from './rfm.types';
export * from './rfm';
export * from './rfm.loader';
