// Classifier–feature alignment (NC3) in the variants docs/theorems.md §2
// compares. PHD's NC3 aligns W with the *centered* means and does not vanish
// at the bias-free MSE minimizer (its value there is 2 − 2 sqrt((K−1)/K)), so
// the MSE-aware variants are the ones clauses assert on.
import { centering, frobeniusNorm, identity, matmul, normalized, scale, sub, transpose, type Mat } from '../linalg/matrix.ts';
import { centeredMeans } from './class-means.ts';

/** || W/||W||_F − H̄^T/||H̄||_F ||_F: same-coordinate alignment with the uncentered means (0 at TB22 minimizers). */
export function selfDualityError(W: Mat, Hbar: Mat): number {
  if (frobeniusNorm(W) === 0 || frobeniusNorm(Hbar) === 0) return NaN;
  return frobeniusNorm(sub(normalized(W), normalized(transpose(Hbar))));
}

/** PHD20's NC3: || W^T/||W||_F − Ṁ/||Ṁ||_F ||_F². */
export function phdNc3(W: Mat, Hbar: Mat): number {
  const M = centeredMeans(Hbar);
  if (frobeniusNorm(W) === 0 || frobeniusNorm(M) === 0) return NaN;
  return frobeniusNorm(sub(normalized(transpose(W)), normalized(M))) ** 2;
}

/** tding1's W–H relation: || W Ṁ/||W Ṁ||_F − (I_K − J)/sqrt(K−1) ||_F. */
export function centeredLogitEtfError(W: Mat, Hbar: Mat): number {
  const WM = matmul(W, centeredMeans(Hbar));
  if (frobeniusNorm(WM) === 0) return NaN;
  return frobeniusNorm(sub(normalized(WM), scale(centering(W.rows), 1 / Math.sqrt(W.rows - 1))));
}

/** MSE-aware uncentered relation: || W H̄/||W H̄||_F − I_K/sqrt(K) ||_F (0 at the bias-free minimizer). */
export function logitOrthogonalFrameError(W: Mat, Hbar: Mat): number {
  const WH = matmul(W, Hbar);
  if (frobeniusNorm(WH) === 0) return NaN;
  return frobeniusNorm(sub(normalized(WH), scale(identity(W.rows), 1 / Math.sqrt(W.rows))));
}
