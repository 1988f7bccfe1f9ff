/**
 * mulberry32, the pseudo-random stream the native factorisation kernels use (native/src/cpu/mulberry32.h),
 * reproduced exactly: next() is the same uint32 / 2^32 in [0, 1), below(n) the same floor(next() · n).
 */
export class Mulberry32 {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** A seeded stream of numbers in [0, 1) (mulberry32): the same data on every run and machine for a seed. */
export function seededRandom(seed: number): () => number {
  const stream = new Mulberry32(seed);
  return () => stream.next();
}
