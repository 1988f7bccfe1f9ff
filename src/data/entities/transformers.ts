import { ValueTransformer } from 'typeorm';

/** PostgreSQL numeric arrives as a string to keep precision; money here fits a double. */
export const numericToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? null : Number(value)),
};
