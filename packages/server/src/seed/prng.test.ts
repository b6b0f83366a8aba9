import { describe, expect, it } from 'vitest';
import { deriveSeed, Prng, weightedSampler } from './prng.js';

function draws(prng: Prng, n: number): number[] {
  return Array.from({ length: n }, () => prng.nextUint32());
}

describe('Prng', () => {
  it('gives the same numbers for the same seed, on every run and machine (golden values)', () => {
    expect(draws(new Prng(2024), 5)).toEqual([2898157325, 2427617587, 1580681398, 3151622493, 4196467245]);
    expect(draws(new Prng(2024), 1000)).toEqual(draws(new Prng(2024), 1000));
    expect(deriveSeed(2024, 0)).toBe(4141700529);
    expect(deriveSeed(2024, 1)).toBe(2362679173);
  });

  it('gives different numbers for different seeds and streams', () => {
    expect(draws(new Prng(1), 8)).not.toEqual(draws(new Prng(2), 8));
    expect(draws(Prng.derive(7, 0), 8)).not.toEqual(draws(Prng.derive(7, 1), 8));
    expect(draws(Prng.derive(7, 0), 8)).not.toEqual(draws(Prng.derive(8, 0), 8));
  });

  it('int covers [min, max] inclusive and nothing else', () => {
    const prng = new Prng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(prng.int(-2, 3));
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(() => prng.int(3, 2)).toThrow(RangeError);
  });

  it('next stays in [0, 1) with a mean near 0.5', () => {
    const prng = new Prng(3);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = prng.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
  });

  it('weighted and weightedSampler follow the weights and never pick a zero weight', () => {
    const items = ['a', 'b', 'c', 'd'];
    const weights = [1, 0, 3, 6];
    const prng = new Prng(4);
    const sample = weightedSampler(items, weights);
    for (const pick of [(p: Prng) => p.weighted(items, weights), sample]) {
      const counts: Record<string, number> = { a: 0, b: 0, c: 0, d: 0 };
      for (let i = 0; i < 20_000; i++) counts[pick(prng)]!++;
      expect(counts.b).toBe(0);
      expect(counts.a! / 20_000).toBeCloseTo(0.1, 1);
      expect(counts.c! / 20_000).toBeCloseTo(0.3, 1);
      expect(counts.d! / 20_000).toBeCloseTo(0.6, 1);
    }
    expect(() => prng.weighted(items, [0, 0, 0, 0])).toThrow(RangeError);
    expect(() => weightedSampler(items, [1, -1, 1, 1])).toThrow(RangeError);
  });

  it('normal is centred on the mean with about the asked spread', () => {
    const prng = new Prng(5);
    const xs = Array.from({ length: 20_000 }, () => prng.normal(3.3, 0.25));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(3.3, 2);
    expect(sd).toBeGreaterThan(0.23);
    expect(sd).toBeLessThan(0.27);
  });

  it('pick chooses every element of a list and refuses an empty one', () => {
    const prng = new Prng(6);
    const seen = new Set(Array.from({ length: 200 }, () => prng.pick(['x', 'y', 'z'])));
    expect(seen).toEqual(new Set(['x', 'y', 'z']));
    expect(() => prng.pick([])).toThrow(RangeError);
  });
});
