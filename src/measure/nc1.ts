// Within-class variability collapse (NC1), in the two forms of
// docs/theorems.md §2: PHD20's Tr(Σ_W Σ_B^†)/K — what tding1's
// validate_NC.py computes — and THN23's ÑC1 = Tr Σ_W / Tr Σ_B, which stays
// well-conditioned as the signal Σ_B shrinks near a zero-solution threshold.
//
// Σ_B = Ṁ Ṁ^T / K has rank ≤ K − 1, so its pseudo-inverse lives in the span of
// the centered means: with G = Ṁ^T Ṁ (K × K), (Ṁ Ṁ^T)^† = Ṁ G^†² Ṁ^T and
// Tr(Σ_W Σ_B^†)/K = Tr(G^† (Ṁ^T Σ_W Ṁ) G^†). That is the same number without
// a d × d Σ_W or SVD — what makes NC1 of a 784-pixel input layer affordable.
import { gramOfColumns, matmul, mat, trace, type Mat } from '../linalg/matrix.ts';
import { pseudoInverse } from '../linalg/decompositions.ts';
import { betweenClassCovariance, withinClassTrace } from './covariance.ts';
import { centeredMeans, classMeans } from './class-means.ts';

/** Ṁ^T Σ_W Ṁ (K × K) from the samples: (1/N) Σ_j (Ṁ^T δ_j)(Ṁ^T δ_j)^T, δ_j = h_j − h̄_{k(j)}. */
function projectedWithin(H: Mat, Hbar: Mat, M: Mat, classSizes: readonly number[]): Mat {
  const K = classSizes.length;
  const d = H.rows;
  const N = H.cols;
  const out = mat(K, K);
  const p = new Float64Array(K);
  let j = 0;
  classSizes.forEach((nk, k) => {
    for (let s = 0; s < nk; s++, j++) {
      p.fill(0);
      for (let i = 0; i < d; i++) {
        const delta = H.data[i * N + j] - Hbar.data[i * K + k];
        if (delta === 0) continue;
        for (let c = 0; c < K; c++) p[c] += M.data[i * K + c] * delta;
      }
      for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) out.data[a * K + b] += p[a] * p[b];
    }
  });
  for (let x = 0; x < K * K; x++) out.data[x] /= N;
  return out;
}

/** NC1 = Tr(Σ_W Σ_B^†) / K. NaN when Σ_B = 0 (no class signal to compare against). */
export function nc1(H: Mat, classSizes: readonly number[]): number {
  const Hbar = classMeans(H, classSizes);
  const M = centeredMeans(Hbar);
  if (trace(gramOfColumns(M)) === 0) return NaN;
  const Gp = pseudoInverse(gramOfColumns(M));
  return trace(matmul(Gp, matmul(projectedWithin(H, Hbar, M, classSizes), Gp)));
}

/** ÑC1 = Tr Σ_W / Tr Σ_B. NaN when Σ_B = 0. */
export function nc1TraceRatio(H: Mat, classSizes: readonly number[]): number {
  const tb = trace(betweenClassCovariance(classMeans(H, classSizes)));
  return tb === 0 ? NaN : withinClassTrace(H, classSizes) / tb;
}
