import type { RateSettings } from '../../config';

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** What taking a token answered: allowed, or refused with the whole seconds until one is there. */
export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Buckets kept before idle (full) ones are swept. */
const SWEEP_AT = 10_000;

/**
 * Token buckets in process memory, one per key: each holds up to `burst` tokens and refills at `perSecond`; a
 * request takes one. A full bucket is the same as none, so idle ones can be dropped to bound memory.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  take(key: string, rate: RateSettings): TakeResult {
    if (rate.perSecond <= 0) return { allowed: true };
    const capacity = Math.max(1, rate.burst);
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedMs: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedMs) / 1000) * rate.perSecond);
    bucket.updatedMs = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= SWEEP_AT) this.sweep(now, rate);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate.perSecond)) };
  }

  private sweep(now: number, rate: RateSettings): void {
    const refillMs = (Math.max(1, rate.burst) / rate.perSecond) * 1000;
    for (const [key, bucket] of this.buckets) if (now - bucket.updatedMs >= refillMs) this.buckets.delete(key);
  }
}
