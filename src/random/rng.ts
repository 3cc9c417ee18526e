// Seeded randomness for initializations. Every random draw in a verification
// run derives from (base seed, regime, restart index) so that a regime replays
// bit-for-bit on its own, whatever else ran before it.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
}

export function createRng(seed: number): Rng {
  const gen = xoroshiro128plus(seed | 0);
  let spare: number | undefined;
  const uniform = (): number => uniformFloat64(gen);
  return {
    uniform,
    normal(): number {
      if (spare !== undefined) {
        const v = spare;
        spare = undefined;
        return v;
      }
      // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
      const u = 1 - uniform();
      const v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** FNV-1a over a string, 32-bit: a stable, dependency-free hash for seed derivation. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Derives a 32-bit seed from a base seed and any number of labels. */
export function deriveSeed(base: number, ...labels: (string | number)[]): number {
  return hashString([base, ...labels].join('\u0000')) | 0;
}
