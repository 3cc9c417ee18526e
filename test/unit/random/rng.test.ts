import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, hashString } from '../../../src/random/rng.ts';

describe('seeded randomness', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 5 }, () => a.normal());
    expect(Array.from({ length: 5 }, () => b.normal())).toEqual(xs);
    expect(createRng(43).normal()).not.toBe(xs[0]);
  });

  it('draws standard normals with the right first two moments', () => {
    const rng = createRng(1);
    const n = 20000;
    const xs = Array.from({ length: n }, () => rng.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    const u = createRng(2).uniform();
    expect(u).toBeGreaterThanOrEqual(0);
    expect(u).toBeLessThan(1);
  });

  it('derives stable seeds from labels (FNV-1a)', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(deriveSeed(1, 'x', 2)).toBe(deriveSeed(1, 'x', 2));
    expect(deriveSeed(1, 'x', 2)).not.toBe(deriveSeed(1, 'x', 3));
  });
});
