// Random orthonormal frames for building explicit minimizers in arbitrary
// orientation (a fixed frame would hide rotation bugs).
import { QrDecomposition } from 'ml-matrix';
import { mat, type Mat } from './matrix.ts';
import { fromMlMatrix, toMlMatrix } from './decompositions.ts';
import type { Rng } from '../random/rng.ts';

/** R (rows x cols, rows ≥ cols) with R^T R = I, from the QR factorization of a Gaussian matrix. */
export function randomOrthonormalColumns(rows: number, cols: number, rng: Rng): Mat {
  if (cols > rows) throw new RangeError(`randomOrthonormalColumns: need rows ≥ cols, got ${rows}x${cols}`);
  const G = mat(rows, cols);
  for (let i = 0; i < G.data.length; i++) G.data[i] = rng.normal();
  return fromMlMatrix(new QrDecomposition(toMlMatrix(G)).orthogonalMatrix);
}

/** E (K x (K−1)) with orthonormal columns spanning 1_K^⊥, so E E^T = I_K − J. */
export function centeredBasis(K: number): Mat {
  // Helmert basis: column j (0-based) is (1, …, 1, −(j+1), 0, …) / sqrt((j+1)(j+2)).
  const E = mat(K, K - 1);
  for (let j = 0; j < K - 1; j++) {
    const norm = Math.sqrt((j + 1) * (j + 2));
    for (let i = 0; i <= j; i++) E.data[i * (K - 1) + j] = 1 / norm;
    E.data[(j + 1) * (K - 1) + j] = -(j + 1) / norm;
  }
  return E;
}

/** Repeats each column k of A (d x K) n_k times: A ⊗ 1_n^T for balanced classes. */
export function repeatColumns(A: Mat, classSizes: readonly number[]): Mat {
  const N = classSizes.reduce((s, v) => s + v, 0);
  const out = mat(A.rows, N);
  let j = 0;
  classSizes.forEach((nk, k) => {
    for (let t = 0; t < nk; t++, j++) for (let i = 0; i < A.rows; i++) out.data[i * N + j] = A.data[i * A.cols + k];
  });
  return out;
}
