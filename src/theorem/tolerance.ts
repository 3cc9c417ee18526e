// Tolerance policies, numpy.testing style: a measured value m matches a
// predicted p when |m − p| ≤ atol + rtol·scale, entry by entry, where scale is
// the largest |p| entry (not each entry's own |p|: the zero off-diagonals of a
// Gram get the same allowance as its diagonal, which is what "relative to the
// signal" means for a matrix). Named policies follow the table of
// docs/theorems.md §10, per dtype; within 2% of a threshold every
// tolerance is widened by NEAR_THRESHOLD_FACTOR, as §10 prescribes.
import type { Dtype } from '../backend/backend.ts';

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

export type ToleranceName = 'loss' | 'gram' | 'nc1' | 'scalar' | 'gradient';
export type TolerancePolicy = ToleranceName | Tolerance | Readonly<Record<Dtype, Tolerance>>;

export const TOLERANCES: Readonly<Record<ToleranceName, Readonly<Record<Dtype, Tolerance>>>> = {
  /** Optimal loss values (O(1)-normalized objectives). */
  loss: { float64: { rtol: 1e-10, atol: 1e-10 }, float32: { rtol: 1e-6, atol: 1e-6 } },
  /** Rotation-invariant Gram matrices and same-coordinate relations. */
  gram: { float64: { rtol: 1e-8, atol: 1e-8 }, float32: { rtol: 1e-4, atol: 1e-4 } },
  /** Within-class variability (a quantity that should be 0). */
  nc1: { float64: { rtol: 0, atol: 1e-12 }, float32: { rtol: 0, atol: 1e-8 } },
  /** Other O(1) derived scalars: norms, biases, cosines, frame errors. */
  scalar: { float64: { rtol: 1e-8, atol: 1e-8 }, float32: { rtol: 1e-4, atol: 1e-4 } },
  /** Gradient norm of a constructed closed-form minimizer (stationarity), relative to max(1, |L|). */
  gradient: { float64: { rtol: 0, atol: 1e-9 }, float32: { rtol: 0, atol: 1e-3 } },
};

/** §10: "Within 2% of any threshold, widen tolerances by 100×". */
export const NEAR_THRESHOLD_FACTOR = 100;
export const NEAR_THRESHOLD_BAND = 0.02;

export function resolveTolerance(policy: TolerancePolicy, dtype: Dtype, widen = 1): Tolerance {
  const base: Tolerance =
    typeof policy === 'string' ? TOLERANCES[policy][dtype] : 'rtol' in policy ? (policy as Tolerance) : (policy as Record<Dtype, Tolerance>)[dtype];
  return { rtol: base.rtol * widen, atol: base.atol * widen };
}

/** Allowed deviation for a prediction of the given magnitude. */
export function allowance(tol: Tolerance, predictedScale: number): number {
  return tol.atol + tol.rtol * Math.abs(predictedScale);
}
