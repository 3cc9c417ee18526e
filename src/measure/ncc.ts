// NC4: agreement between the trained classifier and the nearest-class-center
// rule on the training samples.
import type { Mat } from '../linalg/matrix.ts';
import { classMeans } from './class-means.ts';

/** Fraction of samples where argmax_k (W h + b)_k = argmin_k ||h − h̄_k|| (ties go to the lowest index). */
export function nccAgreement(W: Mat, H: Mat, b: Mat | undefined, classSizes: readonly number[]): number {
  const Hbar = classMeans(H, classSizes);
  const K = W.rows;
  const d = W.cols;
  const N = H.cols;
  let agree = 0;
  for (let j = 0; j < N; j++) {
    let bestLogit = -Infinity;
    let argmaxLogit = 0;
    let bestDist = Infinity;
    let argminDist = 0;
    for (let k = 0; k < K; k++) {
      let logit = b === undefined ? 0 : b.data[k];
      let dist = 0;
      for (let i = 0; i < d; i++) {
        const h = H.data[i * N + j];
        logit += W.data[k * d + i] * h;
        dist += (h - Hbar.data[i * K + k]) ** 2;
      }
      if (logit > bestLogit) [bestLogit, argmaxLogit] = [logit, k];
      if (dist < bestDist) [bestDist, argminDist] = [dist, k];
    }
    if (argmaxLogit === argminDist) agree++;
  }
  return N === 0 ? NaN : agree / N;
}
