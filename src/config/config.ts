import path from 'node:path';
import type { RoleName } from '../domain/auth/principal';

/** Which compute device the addon should use; `auto` picks CUDA when a device answers. */
export type DeviceSetting = 'auto' | 'cpu' | 'cuda';

/** Every process setting Aisle reads, with defaults that work out of the box. */
export interface AisleConfig {
  port: number;
  host: string;
  /** External PostgreSQL; when undefined the embedded server is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPort: number;
  production: boolean;
  device: DeviceSetting;
  logLevel: string;
  /** Largest batch any ingestion mutation accepts. */
  maxBatch: number;
  /** Load the demo shop on first start when the database is empty. */
  demoOnEmpty: boolean;
  /** Largest HTTP request body accepted at /graphql. */
  maxBodyBytes: number;
  /** Model training and background jobs. */
  training: TrainingSettings;
  /** Live recommendation serving. */
  serving: ServingSettings;
  /** Where background jobs run. */
  jobs: JobSettings;
  /** Query depth/cost budgets and request rates per role. */
  limits: LimitSettings;
}

/** One operation's budget: deepest field nesting and largest estimated cost (see docs/operations.md). */
export interface QueryBudget {
  maxDepth: number;
  maxCost: number;
}

/** A token bucket: refilled at `perSecond`, holding at most `burst` requests; `perSecond` 0 means unlimited. */
export interface RateSettings {
  perSecond: number;
  burst: number;
}

/**
 * Query limits and rate limits. Budgets and rates are per role; a caller with a key gets a bucket of its own, the
 * keyless open principal of a development server shares the `open` bucket (unlimited by default, so local tools and
 * `aisle bench http` are never throttled). Buckets live in process memory: N processes allow N times the rate.
 */
export interface LimitSettings {
  query: Record<RoleName, QueryBudget>;
  rate: Record<RoleName, RateSettings>;
  /** The bucket shared by callers without a key (development open mode). */
  openRate: RateSettings;
  /** Page size assumed for a list field whose `first` is not given (the connections' default). */
  defaultPageSize: number;
  /** Size assumed for a list field that takes no `first` (order lines, categories, a recommendation's `because`). */
  unpagedListSize: number;
}

/** The documented defaults of LimitSettings. */
export const DEFAULT_LIMITS: LimitSettings = {
  query: {
    STOREFRONT: { maxDepth: 8, maxCost: 3_000 },
    INGEST: { maxDepth: 8, maxCost: 5_000 },
    ANALYST: { maxDepth: 12, maxCost: 100_000 },
    ADMIN: { maxDepth: 12, maxCost: 200_000 },
  },
  rate: {
    STOREFRONT: { perSecond: 200, burst: 400 },
    INGEST: { perSecond: 20, burst: 40 },
    ANALYST: { perSecond: 20, burst: 40 },
    ADMIN: { perSecond: 50, burst: 100 },
  },
  openRate: { perSecond: 0, burst: 0 },
  defaultPageSize: 20,
  unpagedListSize: 10,
};

/**
 * `pgboss` (default): jobs go through pg-boss on the same database, so any number of API processes and
 * `aisle worker`s share them with retries. `memory`: the single-process runner (no pgboss schema; tests).
 */
export interface JobSettings {
  queue: 'pgboss' | 'memory';
  /** Whether this process works jobs (AISLE_RUN_JOBS=0 on API replicas that leave them to workers). */
  runJobs: boolean;
  /** A job active longer than this is taken back and retried (its worker is presumed dead). */
  expireInSeconds: number;
  /** Retries of a job that failed unexpectedly or lost its worker. */
  retryLimit: number;
}

export const DEFAULT_JOBS: JobSettings = { queue: 'pgboss', runJobs: true, expireInSeconds: 900, retryLimit: 2 };

/** Which model answers `recommendations` when the client names none. */
export type ServingModelChoice = 'auto' | 'ALS' | 'BPR' | 'EASE' | 'ITEM_KNN';

/**
 * How serving caches what it reads. Writes made through this process are seen at once (ingestion tells the caches);
 * the TTLs bound how long writes made through another process take to show (Aisle runs one serving process per
 * database, as its job runner does; lower AISLE_HISTORY_TTL_MS when several processes ingest).
 */
export interface ServingSettings {
  /** `auto`: the active recommender with the best holdout nDCG@10 (AISLE_SERVING_MODEL). */
  model: ServingModelChoice;
  catalogTtlMs: number;
  historyTtlMs: number;
  historyCacheUsers: number;
  modelPollMs: number;
  trendingTtlMs: number;
  /** Window of the cold-start trending lists, in days. */
  fallbackWindowDays: number;
}

/** The documented defaults of ServingSettings. */
export const DEFAULT_SERVING: ServingSettings = {
  model: 'auto',
  catalogTtlMs: 5_000,
  historyTtlMs: 60_000,
  historyCacheUsers: 50_000,
  modelPollMs: 2_000,
  trendingTtlMs: 30_000,
  fallbackWindowDays: 7,
};

/**
 * How behaviour becomes training signal, and how jobs run. Event weights are summed per (user, product) and the sum
 * clamped at 0, so a RETURN (−8) cancels a PURCHASE (+8) and a DISLIKE outweighs a few views. RATING events weigh
 * `value − ratingMidpoint`, clamped to ±ratingMidpoint (a 1..5 rating gives −1.5..+2.5 with the default 2.5).
 */
export interface TrainingSettings {
  eventWeights: Record<
    'VIEW' | 'CLICK' | 'ADD_TO_CART' | 'REMOVE_FROM_CART' | 'PURCHASE' | 'RETURN' | 'WISHLIST' | 'DISLIKE',
    number
  >;
  ratingMidpoint: number;
  /** EASE trains a dense items² matrix (~items³/2 work): larger catalogues are refused (AISLE_EASE_MAX_ITEMS). */
  easeMaxItems: number;
  /** Jobs run at the same time in one process (AISLE_JOB_CONCURRENCY). */
  jobConcurrency: number;
  /** Least time between two progress writes of one job. */
  progressIntervalMs: number;
}

/** The documented defaults of TrainingSettings. */
export const DEFAULT_TRAINING: TrainingSettings = {
  eventWeights: {
    VIEW: 1,
    CLICK: 2,
    ADD_TO_CART: 4,
    WISHLIST: 3,
    PURCHASE: 8,
    RETURN: -8,
    DISLIKE: -5,
    REMOVE_FROM_CART: -2,
  },
  ratingMidpoint: 2.5,
  easeMaxItems: 20_000,
  jobConcurrency: 1,
  progressIntervalMs: 250,
};

type Env = Record<string, string | undefined>;

/** Thrown at boot when a setting cannot be understood; the message names the variable. */
export class ConfigError extends Error {}

function intSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer in ${min}..${max} (got "${raw}")`);
  }
  return value;
}

function enumSetting<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join('|')} (got "${raw}")`);
  }
  return raw as T;
}

const LIMIT_ROLES: readonly RoleName[] = ['ADMIN', 'INGEST', 'ANALYST', 'STOREFRONT'];

function rateSetting(env: Env, prefix: string, fallback: RateSettings): RateSettings {
  return {
    perSecond: intSetting(env, `${prefix}_PER_SEC`, fallback.perSecond, 0, 1_000_000),
    burst: intSetting(env, `${prefix}_BURST`, fallback.burst, 0, 10_000_000),
  };
}

/**
 * LimitSettings from the environment: AISLE_LIMIT_<ROLE>_DEPTH / _COST, AISLE_RATE_<ROLE>_PER_SEC / _BURST,
 * AISLE_RATE_OPEN_PER_SEC / _BURST, AISLE_LIMIT_PAGE_SIZE, AISLE_LIMIT_UNPAGED_LIST_SIZE.
 */
export function loadLimits(env: Env = process.env): LimitSettings {
  const query = {} as Record<RoleName, QueryBudget>;
  const rate = {} as Record<RoleName, RateSettings>;
  for (const role of LIMIT_ROLES) {
    const q = DEFAULT_LIMITS.query[role];
    query[role] = {
      maxDepth: intSetting(env, `AISLE_LIMIT_${role}_DEPTH`, q.maxDepth, 1, 1_000),
      maxCost: intSetting(env, `AISLE_LIMIT_${role}_COST`, q.maxCost, 1, 1_000_000_000),
    };
    rate[role] = rateSetting(env, `AISLE_RATE_${role}`, DEFAULT_LIMITS.rate[role]);
  }
  return {
    query,
    rate,
    openRate: rateSetting(env, 'AISLE_RATE_OPEN', DEFAULT_LIMITS.openRate),
    defaultPageSize: intSetting(env, 'AISLE_LIMIT_PAGE_SIZE', DEFAULT_LIMITS.defaultPageSize, 1, 10_000),
    unpagedListSize: intSetting(env, 'AISLE_LIMIT_UNPAGED_LIST_SIZE', DEFAULT_LIMITS.unpagedListSize, 1, 10_000),
  };
}

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(env: Env = process.env): AisleConfig {
  return {
    port: intSetting(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.AISLE_DATA_DIR || './.aisle'),
    embeddedPort: intSetting(env, 'AISLE_EMBEDDED_PG_PORT', 54329, 1, 65535),
    production: env.NODE_ENV === 'production',
    device: enumSetting(env, 'AISLE_DEVICE', ['auto', 'cpu', 'cuda'] as const, 'auto'),
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    maxBatch: intSetting(env, 'AISLE_MAX_BATCH', 10_000, 1, 1_000_000),
    demoOnEmpty: env.AISLE_DEMO_ON_EMPTY !== '0',
    maxBodyBytes: intSetting(env, 'AISLE_MAX_BODY_BYTES', 8 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    training: {
      ...DEFAULT_TRAINING,
      easeMaxItems: intSetting(env, 'AISLE_EASE_MAX_ITEMS', DEFAULT_TRAINING.easeMaxItems, 2, 100_000),
      jobConcurrency: intSetting(env, 'AISLE_JOB_CONCURRENCY', DEFAULT_TRAINING.jobConcurrency, 1, 64),
    },
    jobs: {
      queue: enumSetting(env, 'AISLE_JOB_QUEUE', ['pgboss', 'memory'] as const, DEFAULT_JOBS.queue),
      runJobs: env.AISLE_RUN_JOBS !== '0',
      expireInSeconds: intSetting(env, 'AISLE_JOB_EXPIRE_SECONDS', DEFAULT_JOBS.expireInSeconds, 5, 7 * 86_400),
      retryLimit: intSetting(env, 'AISLE_JOB_RETRIES', DEFAULT_JOBS.retryLimit, 0, 100),
    },
    serving: {
      ...DEFAULT_SERVING,
      model: enumSetting(env, 'AISLE_SERVING_MODEL', ['auto', 'ALS', 'BPR', 'EASE', 'ITEM_KNN'] as const, 'auto'),
      historyTtlMs: intSetting(env, 'AISLE_HISTORY_TTL_MS', DEFAULT_SERVING.historyTtlMs, 0, 3_600_000),
    },
    limits: loadLimits(env),
  };
}
