/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) for synthetic data. Only integer
 * arithmetic and additions: no Math.random, no trigonometry, so a seed gives the same numbers on
 * every run, machine and Node version. Pure: no Prisma imports.
 */

/** splitmix32 step: spreads a 32-bit value over all bits (seeding, stream derivation). */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Mixes a seed and a stream number into one 32-bit seed, so each synthetic row can have its own
 * stream: row i depends only on (seed, i), not on how many numbers earlier rows drew.
 */
export function deriveSeed(seed: number, stream: number): number {
  return splitmix32((splitmix32(seed >>> 0) ^ Math.imul(stream >>> 0, 0x27d4eb2d)) >>> 0);
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator for a 32-bit seed (other numbers are truncated to their low 32 bits). */
  constructor(seed: number) {
    const s = seed >>> 0;
    this.a = splitmix32(s);
    this.b = splitmix32(s ^ 0x6a09e667);
    this.c = splitmix32(s ^ 0xbb67ae85);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32(); // let the state settle
  }

  /** An independent generator for one stream of a seed (e.g. one synthetic row). */
  static derive(seed: number, stream: number): Prng {
    return new Prng(deriveSeed(seed, stream));
  }

  /** The next 32-bit unsigned integer (sfc32). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) throw new RangeError(`int(${min}, ${max}): need integers with min <= max`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element, each equally likely. */
  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One element, chosen in proportion to its weight (weights >= 0, not all 0). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    return items[weightedIndex(weights, this.next())]!;
  }

  /**
   * Roughly normal (Irwin-Hall: the sum of 12 uniforms), bounded to mean +/- 6 sd. Arithmetic
   * only, so it stays bit-for-bit reproducible where Box-Muller's log/cos might not.
   */
  normal(mean = 0, sd = 1): number {
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += this.next();
    return mean + sd * (sum - 6);
  }
}

function weightedIndex(weights: readonly number[], u: number): number {
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weights must be finite and >= 0, got ${w}`);
    total += w;
  }
  if (total <= 0) throw new RangeError('weights are all 0');
  let target = u * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i]!;
    if (target < 0) return i;
  }
  // Rounding can leave target a hair above 0: the last non-zero weight.
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
  return weights.length - 1;
}

/**
 * A reusable weighted chooser for many draws over one list (cumulative sums, binary search),
 * for picking one of many formations per applicant without re-summing the weights each time.
 */
export function weightedSampler<T>(items: readonly T[], weights: readonly number[]): (prng: Prng) => T {
  if (items.length !== weights.length) throw new RangeError('items and weights differ in length');
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weights must be finite and >= 0, got ${w}`);
    total += w;
    cumulative.push(total);
  }
  if (total <= 0) throw new RangeError('weights are all 0');
  return (prng) => {
    const target = prng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}
