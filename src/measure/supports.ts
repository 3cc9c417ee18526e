// Disjoint supports of nonnegative class means (TB22-R, docs/theorems.md
// §3): at the ReLU extended-UFM minimizer the post-ReLU class means are
// nonnegative and orthogonal, so each hidden unit fires for exactly one class.
// The cross-class activation measures how far that is from holding: the share
// of the units' mean activation that is not on each unit's own top class,
//
//   Σ_i (Σ_k h̄_ik − max_k h̄_ik) / Σ_i Σ_k h̄_ik   ∈ [0, (K−1)/K],
//
// 0 exactly for disjoint supports, (K−1)/K when every unit fires equally for
// every class.
import type { Mat } from '../linalg/matrix.ts';

/** Cross-class activation of class means H̄ (d × K, nonnegative). NaN when H̄ = 0. */
export function crossClassActivation(Hbar: Mat): number {
  const K = Hbar.cols;
  let total = 0;
  let offTop = 0;
  for (let i = 0; i < Hbar.rows; i++) {
    let sum = 0;
    let top = 0;
    for (let k = 0; k < K; k++) {
      const v = Hbar.data[i * K + k];
      if (v < 0) throw new RangeError(`crossClassActivation: class means must be nonnegative (post-ReLU); entry (${i}, ${k}) is ${v}`);
      sum += v;
      top = Math.max(top, v);
    }
    total += sum;
    offTop += sum - top;
  }
  return total === 0 ? NaN : offTop / total;
}
