/**
 * A small seeded random source for the demo shop. Math.random cannot be seeded, and the demo shop's contract is
 * "same seed, byte-identical shop", so every draw in src/domain/demo goes through an Rng made here.
 *
 * The core is xoshiro128** (Blackman & Vigna), seeded through splitmix32; it is fast, passes BigCrush and needs only
 * 32-bit integer arithmetic, which JavaScript does exactly (Math.imul, >>>).
 */

/*
 * Hot paths read these module constants instead of the global Math: inside a vm context (jest) every global
 * lookup goes through an interceptor, which made generating the default shop five times slower there.
 */
const { imul, exp, log, sqrt, cos, floor, PI } = Math;

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = imul(z ^ (z >>> 16), 0x85ebca6b);
    z = imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Derives an independent seed for a named sub-stream (FNV-1a over the label, mixed with the seed), so that
 * changing how many draws one generator makes does not shift the draws of another.
 */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return splitmix32(h)();
}

/** A seeded generator with the distributions the demo shop needs; not for cryptography. */
export class Rng {
  /** xoshiro128** state; a typed array keeps the four words unboxed 32-bit integers in optimised code. */
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    const next = splitmix32(seed);
    for (let i = 0; i < 4; i++) this.s[i] = next();
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** A new generator for a named sub-stream of this seed. */
  static forStream(seed: number, label: string): Rng {
    return new Rng(deriveSeed(seed, label));
  }

  /** The next raw 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const s = this.s;
    const result = imul(rotl(imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return floor(this.next() * n);
  }

  /** Uniform integer in [min, max], both ends included. */
  intBetween(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller; one draw per call keeps the stream easy to reason about). */
  normal(): number {
    const u = 1 - this.next();
    return sqrt(-2 * log(u)) * cos(2 * PI * this.next());
  }

  /** exp(N(mu, sigma²)). */
  lognormal(mu: number, sigma: number): number {
    return exp(mu + sigma * this.normal());
  }

  /**
   * Poisson(lambda): Knuth's product method below 30 (exact, about lambda + 1 uniforms), a rounded normal
   * approximation above (the shop never needs exact tails of large counts).
   */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda >= 30) return Math.max(0, Math.round(lambda + sqrt(lambda) * this.normal()));
    const limit = exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Gamma(shape, scale) by Marsaglia & Tsang, with the usual boost for shape < 1; mean shape × scale. */
  gamma(shape: number, scale = 1): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(1 - this.next(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v = Math.pow(1 + c * x, 3);
      if (v <= 0) continue;
      const u = 1 - this.next();
      if (log(u) < 0.5 * x * x + d - d * v + d * log(v)) return d * v * scale;
    }
  }

  /** Index i with probability weights[i] / sum(weights); linear scan, for short lists. */
  categorical(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Repeated categorical sampling over a long, fixed weight vector (products): cumulative sums once, then a
 * binary search per draw. Zero weights are never drawn.
 */
export class WeightedSampler {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i];
      this.cumulative[i] = sum;
    }
    this.total = sum;
  }

  /** An index drawn with probability proportional to its weight; -1 when every weight is zero. */
  sample(rng: Rng): number {
    if (!(this.total > 0)) return -1;
    const r = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
