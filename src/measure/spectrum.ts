// Singular spectra of weight matrices and the rank statistics the low-rank
// predictions speak about (XRLGP23 item 3, docs/theorems.md §7): the
// numerical rank at a cut-off relative to the largest singular value, and the
// stable rank ||W||_F² / ||W||_2², a continuous surrogate that does not
// depend on a cut-off.
import type { Mat } from '../linalg/matrix.ts';
import { singularValues } from '../linalg/decompositions.ts';

/**
 * The cut-off of "numerical rank" for trained weight matrices: singular values
 * above 1e-3 σ_max count. A relative cut-off, so that the rank does not change
 * when a layer is rescaled (weight decay rescales layers).
 */
export const WEIGHT_RANK_RTOL = 1e-3;

/** Singular values, largest first. */
export function singularSpectrum(W: Mat): number[] {
  // singularValues already returns them largest first; the sort states the contract rather than relying on it.
  // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: equivalent, the values arrive sorted
  return Array.from(singularValues(W)).sort((a, b) => b - a);
}

/** Number of singular values above rtol · σ_max (0 for a zero matrix). */
export function relativeRank(spectrum: readonly number[], rtol: number = WEIGHT_RANK_RTOL): number {
  const top = spectrum[0] ?? 0;
  // The guard only names the zero case: without it, no value exceeds rtol · 0 and the count is 0 anyway.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, see above
  if (!(top > 0)) return 0;
  return spectrum.filter((s) => s > rtol * top).length;
}

/** Stable rank Σ σ_i² / σ_max² ∈ [1, rank]; NaN for a zero matrix. */
export function stableRank(spectrum: readonly number[]): number {
  const top = spectrum[0] ?? 0;
  // Without the guard a zero spectrum gives 0/0 = NaN anyway.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, see above
  if (!(top > 0)) return NaN;
  return spectrum.reduce((s, v) => s + v * v, 0) / (top * top);
}
