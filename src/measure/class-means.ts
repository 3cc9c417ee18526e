// Class means and their centering (docs/theorems.md §1.1). The global
// mean is the mean of the class means, h̄_G = H̄ 1_K / K — for balanced classes
// it is also the sample mean; for imbalanced ones it weighs classes equally, as
// Σ_B = (1/K) Σ_k (h̄_k − h̄_G)(h̄_k − h̄_G)^T does.
import { mat, type Mat } from '../linalg/matrix.ts';

/** H̄ = [h̄_1, …, h̄_K] (d x K) from features H (d x N) ordered class by class. */
export function classMeans(H: Mat, classSizes: readonly number[]): Mat {
  const K = classSizes.length;
  const out = mat(H.rows, K);
  let start = 0;
  classSizes.forEach((nk, k) => {
    for (let i = 0; i < H.rows; i++) {
      let s = 0;
      for (let j = start; j < start + nk; j++) s += H.data[i * H.cols + j];
      out.data[i * K + k] = s / nk;
    }
    start += nk;
  });
  return out;
}

/** h̄_G = H̄ 1_K / K (d x 1). */
export function globalMean(Hbar: Mat): Mat {
  const out = mat(Hbar.rows, 1);
  for (let i = 0; i < Hbar.rows; i++) {
    let s = 0;
    for (let k = 0; k < Hbar.cols; k++) s += Hbar.data[i * Hbar.cols + k];
    out.data[i] = s / Hbar.cols;
  }
  return out;
}

/** Ṁ = H̄ − h̄_G 1_K^T = H̄ (I_K − J). */
export function centeredMeans(Hbar: Mat): Mat {
  const g = globalMean(Hbar);
  const out = mat(Hbar.rows, Hbar.cols, Hbar.data);
  for (let i = 0; i < Hbar.rows; i++) for (let k = 0; k < Hbar.cols; k++) out.data[i * Hbar.cols + k] -= g.data[i];
  return out;
}

/** Index of the class of each sample column, for class sizes in order. */
export function sampleClasses(classSizes: readonly number[]): Int32Array {
  const N = classSizes.reduce((s, v) => s + v, 0);
  const out = new Int32Array(N);
  let j = 0;
  classSizes.forEach((nk, k) => {
    for (let i = 0; i < nk; i++) out[j++] = k;
  });
  return out;
}
