// Boundary regimes. A hypothesis such as "d ≥ K" admits d = K, and that edge is
// where closed forms degenerate (square systems, rank-deficient targets,
// interpolating fits): issue 16's false violation of HPD22 sat at d = Kn − 1,
// which its generator never drew. So every theorem names the boundary cases its
// hypothesis admits — d = K, d = K − 1, d = Kn − 1, n = 1, K = 2, the extreme λ
// ratios of its ranges — and its mode generators put a stated share of their
// regimes on them: BOUNDARY_SHARE of the draws, split evenly over the cases of
// that mode (so each case has probability BOUNDARY_SHARE / #cases per draw).
// properties/boundaries.property.test.ts checks, theorem by theorem, that every
// declared case is produced and lies in its mode.
import fc from 'fast-check';
import type { Regime } from '../regime/regime.ts';

/** A mode (define.ts's Mode, spelled out here: define.ts imports this module). */
type Mode = 'inside' | 'near' | 'outside';

export interface BoundaryCase<R = Regime> {
  /** The edge in the hypothesis' terms, e.g. "d = K", "n = 1", "λ_W/λ_H smallest". */
  readonly name: string;
  /** Modes whose generator draws it (default: inside only — a placement may move a near regime off its threshold). */
  readonly modes?: readonly Mode[];
  /** Moves a generated regime onto the edge, keeping everything else it can (validated against the parameters after). */
  place(regime: R): Regime;
  /** Whether a regime lies on the edge (what the property test looks for). */
  on(regime: R): boolean;
}

/** Share of a mode's draws placed on a boundary case (split evenly over the mode's cases). */
export const BOUNDARY_SHARE = 0.2;

const RESOLUTION = 1000;

export function casesFor<R>(cases: readonly BoundaryCase<R>[] | undefined, mode: Mode): BoundaryCase<R>[] {
  return (cases ?? []).filter((c) => (c.modes ?? ['inside']).includes(mode));
}

/**
 * The base generator with BOUNDARY_SHARE of its draws moved onto one of the cases. The base value is drawn
 * first from the same stream, so the regimes that are not placed are exactly the base generator's; the
 * selector shrinks toward "not placed", so a shrunk counterexample leaves the boundary only if it still fails.
 * `keep` (the mode's membership) vetoes a placement that would leave the mode: the base regime is kept.
 */
export function withBoundaries(base: fc.Arbitrary<Regime>, cases: readonly BoundaryCase[], keep: (r: Regime) => boolean = () => true): fc.Arbitrary<Regime> {
  if (cases.length === 0) return base;
  const placed = Math.round(BOUNDARY_SHARE * RESOLUTION);
  return fc.tuple(base, fc.noBias(fc.integer({ min: 0, max: RESOLUTION - 1 }))).map(([r, u]) => {
    const slot = RESOLUTION - 1 - u;
    if (slot >= placed) return r;
    const moved = cases[slot % cases.length].place(r);
    return keep(moved) ? moved : r;
  });
}

/** Probability per draw that a mode's generator places a regime on one given case. */
export function boundaryProbability(cases: readonly BoundaryCase<unknown>[]): number {
  if (cases.length === 0) return 0;
  const placed = Math.round(BOUNDARY_SHARE * RESOLUTION);
  return Math.floor(placed / cases.length) / RESOLUTION;
}
