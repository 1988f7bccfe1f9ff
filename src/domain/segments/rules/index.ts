export * from './rule.types';
export * from './rule-syntax.error';
export * from './rule.tokenizer';
export * from './rule.parser';
export * from './rule.sql';
export * from './rule.evaluate';
