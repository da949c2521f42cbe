/** A small, fast, seeded PRNG (mulberry32) with helpers. Deterministic: never Math.random. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = (seed >>> 0) ^ 0x9e3779b9;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  u32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Picks by weight; `weights` parallels `items`. */
  weighted<T>(items: readonly T[], cumulative: readonly number[]): T {
    const r = this.next() * cumulative[cumulative.length - 1];
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  }

  /** A version-4-shaped UUID built from this PRNG. */
  uuid(): string {
    const a = this.u32();
    const b = this.u32();
    const c = this.u32();
    const d = this.u32();
    // One flat string (not a tree of concatenations): ids are hashed as Map keys millions of times.
    return [
      HEX[a >>> 24],
      HEX[(a >>> 16) & 255],
      HEX[(a >>> 8) & 255],
      HEX[a & 255],
      '-',
      HEX[b >>> 24],
      HEX[(b >>> 16) & 255],
      '-',
      HEX[0x40 | ((b >>> 8) & 15)],
      HEX[b & 255],
      '-',
      HEX[0x80 | ((c >>> 24) & 63)],
      HEX[(c >>> 16) & 255],
      '-',
      HEX[(c >>> 8) & 255],
      HEX[c & 255],
      HEX[d >>> 24],
      HEX[(d >>> 16) & 255],
      HEX[(d >>> 8) & 255],
      HEX[d & 255],
    ].join('');
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export const cumulativeWeights = (weights: readonly number[]): number[] => {
  let sum = 0;
  return weights.map((w) => (sum += w));
};
