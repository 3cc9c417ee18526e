// Clauses: the named, checkable pieces of a theorem. The kind says how strong
// the claim is and therefore what a deviation means (PEPit's assertAlmostEqual
// vs assertLessEqual):
//
//  bound       no solution has loss below the predicted global minimum beyond
//              tolerance — a violation is a genuine counterexample;
//  attained    the best restart reaches the certified global minimum — failing
//              that is an optimizer outcome (inconclusive), not a theorem failure;
//  equality    a predicted quantity equals the measured one at the optimum,
//              checked on every solution at the certified minimum;
//  stationary  the closed-form minimizer, built explicitly, has zero gradient
//              and the predicted loss — catches wrong constants with no training;
//  identity    an equation that holds at *every* parameter value (e.g. HPD22's
//              MSE decomposition): checked at random points and at every
//              solution; any violation is a counterexample, and no training is
//              needed for a pass.
import type { Mat } from '../linalg/matrix.ts';
import type { Measurements } from '../measure/measurements.ts';
import type { Model } from '../models/model.ts';
import type { Rng } from '../random/rng.ts';
import type { Provenance } from './provenance.ts';
import type { TolerancePolicy } from './tolerance.ts';

export type ClauseKind = 'bound' | 'attained' | 'equality' | 'stationary' | 'identity';
export type Quantity = number | Mat;

/** `true` when the clause applies to a regime, else the reason it does not. */
export type Applicability = true | string;

interface ClauseBase<R, P> {
  readonly id: string;
  readonly kind: ClauseKind;
  /** The claim in the paper's notation, e.g. "H̄^T H̄ = ρ I_K". */
  readonly statement: string;
  readonly tolerance: TolerancePolicy;
  /** Overrides the theorem's provenance for this clause. */
  readonly provenance?: Provenance;
  when?(regime: R, prediction: P): Applicability;
}

export interface BoundClause<R, P> extends ClauseBase<R, P> {
  readonly kind: 'bound';
}

export interface AttainedClause<R, P> extends ClauseBase<R, P> {
  readonly kind: 'attained';
}

export interface EqualityClause<R, P> extends ClauseBase<R, P> {
  readonly kind: 'equality';
  predicted(prediction: P, regime: R): Quantity;
  measured(m: Measurements, prediction: P, regime: R): Quantity;
}

export interface StationaryClause<R, P> extends ClauseBase<R, P> {
  readonly kind: 'stationary';
  /**
   * The critical point to check, block by block in the model's order (default:
   * the theorem's minimizer()). Lets a theorem assert other explicit critical
   * points, e.g. a metastable local minimum.
   */
  point?(regime: R, rng: Rng, prediction: P): Mat[];
  /** The loss predicted at that point (default: the predicted global minimum). */
  loss?(prediction: P, regime: R): number;
}

/** What an identity clause sees at one point (a random one, a trained restart, the certificate). */
export interface PointContext {
  readonly params: readonly Mat[];
  readonly measurements: Measurements;
  readonly model: Model;
  /** Seeded from the regime and the point: for clauses that need their own random draws. */
  readonly rng: Rng;
}

export interface IdentityClause<R, P> extends ClauseBase<R, P> {
  readonly kind: 'identity';
  /**
   * Where to check: 'all' (default) = random points and every solution; 'random' = random points
   * only, for identities whose own hypothesis fails at minimizers (e.g. Σ_T singular once features
   * have collapsed).
   */
  readonly points?: 'all' | 'random';
  predicted(prediction: P, regime: R): Quantity;
  measured(point: PointContext, prediction: P, regime: R): Quantity;
}

export type Clause<R, P> =
  | BoundClause<R, P>
  | AttainedClause<R, P>
  | EqualityClause<R, P>
  | StationaryClause<R, P>
  | IdentityClause<R, P>;

type Spec<C> = Omit<C, 'id' | 'kind' | 'tolerance'> & { readonly tolerance?: TolerancePolicy };

/** Loss lower bound: no solution below the predicted minimum (loss tolerance). */
export function bound<R, P>(id: string, spec: Spec<BoundClause<R, P>>): BoundClause<R, P> {
  return { tolerance: 'loss', ...spec, id, kind: 'bound' };
}

/** The best restart reaches the certified global minimum (loss tolerance). */
export function attained<R, P>(id: string, spec: Spec<AttainedClause<R, P>>): AttainedClause<R, P> {
  return { tolerance: 'loss', ...spec, id, kind: 'attained' };
}

/** A predicted quantity equals the measured one at the optimum (default: Gram tolerance). */
export function equality<R, P>(id: string, spec: Spec<EqualityClause<R, P>>): EqualityClause<R, P> {
  return { tolerance: 'gram', ...spec, id, kind: 'equality' };
}

/** The theorem's explicit minimizer is a critical point with the predicted loss. */
export function stationary<R, P>(id: string, spec: Spec<StationaryClause<R, P>>): StationaryClause<R, P> {
  return { tolerance: 'gradient', ...spec, id, kind: 'stationary' };
}

/** An equation that holds at every parameter value (default: Gram tolerance), checked at random points and at every solution. */
export function identity<R, P>(id: string, spec: Spec<IdentityClause<R, P>>): IdentityClause<R, P> {
  return { tolerance: 'gram', ...spec, id, kind: 'identity' };
}

/** The clause constructors with the regime and prediction types fixed — what `clauses: (c) => [...]` receives. */
export interface ClauseHelpers<R, P> {
  bound(id: string, spec: Spec<BoundClause<R, P>>): BoundClause<R, P>;
  attained(id: string, spec: Spec<AttainedClause<R, P>>): AttainedClause<R, P>;
  equality(id: string, spec: Spec<EqualityClause<R, P>>): EqualityClause<R, P>;
  stationary(id: string, spec: Spec<StationaryClause<R, P>>): StationaryClause<R, P>;
  identity(id: string, spec: Spec<IdentityClause<R, P>>): IdentityClause<R, P>;
}

export const clauseHelpers: ClauseHelpers<never, never> = { bound, attained, equality, stationary, identity };
