// Within-class variability collapse (NC1), in the two forms of
// docs/theorems.md §2: PHD20's Tr(Σ_W Σ_B^†)/K — what tding1's
// validate_NC.py computes — and THN23's ÑC1 = Tr Σ_W / Tr Σ_B, which stays
// well-conditioned as the signal Σ_B shrinks near a zero-solution threshold.
import { matmul, trace } from '../linalg/matrix.ts';
import { pseudoInverse } from '../linalg/decompositions.ts';
import { betweenClassCovariance, withinClassCovariance, withinClassTrace } from './covariance.ts';
import { classMeans } from './class-means.ts';
import type { Mat } from '../linalg/matrix.ts';

/** NC1 = Tr(Σ_W Σ_B^†) / K. NaN when Σ_B = 0 (no class signal to compare against). */
export function nc1(H: Mat, classSizes: readonly number[]): number {
  const SB = betweenClassCovariance(classMeans(H, classSizes));
  if (trace(SB) === 0) return NaN;
  return trace(matmul(withinClassCovariance(H, classSizes), pseudoInverse(SB))) / classSizes.length;
}

/** ÑC1 = Tr Σ_W / Tr Σ_B. NaN when Σ_B = 0. */
export function nc1TraceRatio(H: Mat, classSizes: readonly number[]): number {
  const tb = trace(betweenClassCovariance(classMeans(H, classSizes)));
  return tb === 0 ? NaN : withinClassTrace(H, classSizes) / tb;
}
