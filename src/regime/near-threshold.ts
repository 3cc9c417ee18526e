// Regimes within a band of a threshold: draw a base regime, draw a relative
// offset δ (|δ| log-uniform in the band, either sign), then let the theorem
// move the regime so that its threshold quantity equals at·(1 + δ). Offsets
// below the band's lower end are left out on purpose: exactly at a threshold
// convergence is sublinear (docs/theorems.md §3, pitfall 2).
import fc from 'fast-check';
import { logUniform } from './log-uniform.ts';

export interface NearThresholdOptions<R> {
  readonly base: fc.Arbitrary<R>;
  readonly at: number;
  /** Inclusive range of |δ|; default [0.001, 0.02] (§10's 2% band). */
  readonly band?: readonly [number, number];
  /** Returns a regime whose threshold quantity equals `value`. */
  place(regime: R, value: number): R;
}

export function nearThreshold<R>(o: NearThresholdOptions<R>): fc.Arbitrary<R> {
  const [lo, hi] = o.band ?? [0.001, 0.02];
  return fc
    .tuple(o.base, logUniform(lo, hi), fc.boolean())
    .map(([r, size, above]) => o.place(r, o.at * (1 + (above ? size : -size))));
}
