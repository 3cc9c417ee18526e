// Within- and between-class covariances as THN23 defines them
// (docs/theorems.md §1.1): Σ_W averages over all N samples, Σ_B over the K classes.
import { mat, type Mat } from '../linalg/matrix.ts';
import { centeredMeans, classMeans } from './class-means.ts';

/** Σ_W = (1/N) Σ_{k,i} (h_{k,i} − h̄_k)(h_{k,i} − h̄_k)^T (d x d). */
export function withinClassCovariance(H: Mat, classSizes: readonly number[]): Mat {
  const Hbar = classMeans(H, classSizes);
  const d = H.rows;
  const N = H.cols;
  const out = mat(d, d);
  const dev = new Float64Array(d);
  let j = 0;
  classSizes.forEach((nk, k) => {
    for (let s = 0; s < nk; s++, j++) {
      for (let i = 0; i < d; i++) dev[i] = H.data[i * N + j] - Hbar.data[i * Hbar.cols + k];
      for (let a = 0; a < d; a++) {
        const da = dev[a];
        if (da === 0) continue;
        for (let b = 0; b < d; b++) out.data[a * d + b] += da * dev[b];
      }
    }
  });
  for (let i = 0; i < out.data.length; i++) out.data[i] /= N;
  return out;
}

/** Σ_B = (1/K) Σ_k (h̄_k − h̄_G)(h̄_k − h̄_G)^T (d x d). */
export function betweenClassCovariance(Hbar: Mat): Mat {
  const M = centeredMeans(Hbar);
  const d = M.rows;
  const K = M.cols;
  const out = mat(d, d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += M.data[a * K + k] * M.data[b * K + k];
      out.data[a * d + b] = s / K;
    }
  }
  return out;
}

/** Tr Σ_W without forming the d x d matrix: mean squared distance to the class mean. */
export function withinClassTrace(H: Mat, classSizes: readonly number[]): number {
  const Hbar = classMeans(H, classSizes);
  let s = 0;
  let j = 0;
  classSizes.forEach((nk, k) => {
    for (let t = 0; t < nk; t++, j++) {
      for (let i = 0; i < H.rows; i++) s += (H.data[i * H.cols + j] - Hbar.data[i * Hbar.cols + k]) ** 2;
    }
  });
  return s / H.cols;
}
