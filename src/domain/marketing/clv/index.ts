export * from './clv.types';
export * from './bg-nbd';
export * from './gamma-gamma';
export * from './clv';
export * from './clv-fit';
export * from './transactions-summary';
export * from './transactions-csv';
