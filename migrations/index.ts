import { InitialSchema1764345600000 } from './1764345600000-initial-schema';

/** Every migration in order; listed explicitly so ts-jest and compiled builds find the same set. */
export const MIGRATIONS = [InitialSchema1764345600000];
