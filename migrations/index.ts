import { InitialSchema1764345600000 } from './1764345600000-initial-schema';
import { ModelsAndJobs1764950400000 } from './1764950400000-models-and-jobs';
import { ApiKeysAndAudit1765000000000 } from './1765000000000-api-keys-and-audit';
import { SegmentsAndProfiles1765300000000 } from './1765300000000-segments-and-profiles';
import { Campaigns1765400000000 } from './1765400000000-campaigns';
import { DerivedMemberships1765500000000 } from './1765500000000-derived-memberships';

/** Every migration in order; listed explicitly so ts-jest and compiled builds find the same set. */
export const MIGRATIONS = [
  InitialSchema1764345600000,
  ModelsAndJobs1764950400000,
  ApiKeysAndAudit1765000000000,
  SegmentsAndProfiles1765300000000,
  Campaigns1765400000000,
  DerivedMemberships1765500000000,
];
