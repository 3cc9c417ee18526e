// Boundary cases shared by the UFM theorems (src/theorem/boundaries.ts): each
// moves a generated regime onto one edge its hypothesis admits and keeps the
// rest, so the regime stays in its mode (the property test checks it does).
import type { BoundaryCase, Regime } from '../src/index.ts';

const num = (r: Regime, key: string): number => r[key] as number;

/** d = K + offset (offset 0: d = K; −1: d = K − 1). */
export function widthAt(offset: number, o: { modes?: BoundaryCase['modes'] } = {}): BoundaryCase {
  return {
    name: offset === 0 ? 'd = K' : `d = K − ${-offset}`,
    modes: o.modes,
    place: (r) => ({ ...r, d: num(r, 'K') + offset }),
    on: (r) => num(r, 'd') === num(r, 'K') + offset,
  };
}

/** d = K n − 1: [H; 1^T] square, the least-squares fit interpolates. */
export const widthKnMinusOne = (o: { modes?: BoundaryCase['modes'] } = {}): BoundaryCase => ({
  name: 'd = Kn − 1',
  modes: o.modes,
  place: (r) => ({ ...r, d: num(r, 'K') * num(r, 'n') - 1 }),
  on: (r) => num(r, 'd') === num(r, 'K') * num(r, 'n') - 1,
});

/** n samples per class (n = 1: no within-class spread at all). */
export const samplesAt = (n: number, o: { modes?: BoundaryCase['modes'] } = {}): BoundaryCase => ({
  name: `n = ${n}`,
  modes: o.modes,
  place: (r) => ({ ...r, n }),
  on: (r) => num(r, 'n') === n,
});

/** K = 2, keeping the width's offset d − K (so "d ≥ K"-type hypotheses keep holding). */
export const twoClasses = (o: { modes?: BoundaryCase['modes'] } = {}): BoundaryCase => ({
  name: 'K = 2',
  modes: o.modes,
  place: (r) => ({ ...r, K: 2, d: Math.max(1, 2 + num(r, 'd') - num(r, 'K')) }),
  on: (r) => num(r, 'K') === 2,
});

/**
 * The two extreme ratios of a pair of weights drawn from [lo, hi] each: first/second smallest (lo/hi) and
 * largest (hi/lo). c = sqrt(λ λ') = sqrt(lo hi) at both, so a theorem whose threshold is c keeps its mode
 * when sqrt(lo hi) is away from it.
 */
export function ratioExtremes(first: string, second: string, range: readonly [number, number], label = `${first}/${second}`): BoundaryCase[] {
  const [lo, hi] = range;
  return [
    { name: `${label} smallest (${lo}/${hi})`, place: (r) => ({ ...r, [first]: lo, [second]: hi }), on: (r) => num(r, first) === lo && num(r, second) === hi },
    { name: `${label} largest (${hi}/${lo})`, place: (r) => ({ ...r, [first]: hi, [second]: lo }), on: (r) => num(r, first) === hi && num(r, second) === lo },
  ];
}

/** One weight at each end of its range. */
export function weightExtremes(key: string, range: readonly [number, number], label = key): BoundaryCase[] {
  return range.map((v, i) => ({ name: `${label} ${i === 0 ? 'smallest' : 'largest'} (${v})`, place: (r: Regime) => ({ ...r, [key]: v }), on: (r: Regime) => num(r, key) === v }));
}
