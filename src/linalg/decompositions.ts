// Decompositions are delegated to ml-matrix: they are not on the training hot
// path, and a well-tested library beats a hand-rolled Jacobi sweep here.
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import { mat, type Mat } from './matrix.ts';

export function toMlMatrix(m: Mat): Matrix {
  const out = new Matrix(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) out.set(i, j, m.data[i * m.cols + j]);
  }
  return out;
}

export function fromMlMatrix(m: Matrix): Mat {
  const out = mat(m.rows, m.columns);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.columns; j++) out.data[i * m.columns + j] = m.get(i, j);
  }
  return out;
}

export interface Svd {
  /** rows x r */
  readonly U: Mat;
  /** singular values, descending, length r = min(rows, cols) */
  readonly s: Float64Array;
  /** cols x r */
  readonly V: Mat;
}

/** Thin SVD A = U diag(s) V^T with singular values sorted in decreasing order. */
export function svd(a: Mat): Svd {
  // ml-matrix's Golub–Kahan SVD wants rows >= cols; transpose when needed.
  if (a.rows < a.cols) {
    const t = svd(transposeMat(a));
    return { U: t.V, s: t.s, V: t.U };
  }
  const dec = new SingularValueDecomposition(toMlMatrix(a), {
    computeLeftSingularVectors: true,
    computeRightSingularVectors: true,
    autoTranspose: false,
  });
  const s = Float64Array.from(dec.diagonal);
  const U = fromMlMatrix(dec.leftSingularVectors);
  const V = fromMlMatrix(dec.rightSingularVectors);
  const r = Math.min(a.rows, a.cols);
  return sortSvd({ U: firstColumns(U, r), s: s.subarray(0, r), V: firstColumns(V, r) });
}

function transposeMat(a: Mat): Mat {
  const out = mat(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out.data[j * a.rows + i] = a.data[i * a.cols + j];
  return out;
}

function firstColumns(a: Mat, r: number): Mat {
  if (a.cols === r) return a;
  const out = mat(a.rows, r);
  for (let i = 0; i < a.rows; i++) out.data.set(a.data.subarray(i * a.cols, i * a.cols + r), i * r);
  return out;
}

function sortSvd(d: Svd): Svd {
  const order = Array.from(d.s.keys()).sort((i, j) => d.s[j] - d.s[i]);
  const permute = (m: Mat): Mat => {
    const out = mat(m.rows, m.cols);
    for (let i = 0; i < m.rows; i++) order.forEach((src, dst) => (out.data[i * m.cols + dst] = m.data[i * m.cols + src]));
    return out;
  };
  return { U: permute(d.U), s: Float64Array.from(order, (i) => d.s[i]), V: permute(d.V) };
}

export function singularValues(a: Mat): Float64Array {
  if (a.rows === 0 || a.cols === 0) return new Float64Array(0);
  const t = a.rows < a.cols ? transposeMat(a) : a;
  const dec = new SingularValueDecomposition(toMlMatrix(t), {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
    autoTranspose: false,
  });
  return Float64Array.from(dec.diagonal).sort().reverse();
}

/** Eigen-decomposition of a symmetric matrix, eigenvalues descending. */
export function symmetricEigen(a: Mat): { values: Float64Array; vectors: Mat } {
  const dec = new EigenvalueDecomposition(toMlMatrix(a), { assumeSymmetric: true });
  const values = Float64Array.from(dec.realEigenvalues);
  const vectors = fromMlMatrix(dec.eigenvectorMatrix);
  const order = Array.from(values.keys()).sort((i, j) => values[j] - values[i]);
  const sorted = mat(vectors.rows, vectors.cols);
  for (let i = 0; i < vectors.rows; i++) {
    order.forEach((src, dst) => (sorted.data[i * vectors.cols + dst] = vectors.data[i * vectors.cols + src]));
  }
  return { values: Float64Array.from(order, (i) => values[i]), vectors: sorted };
}

/**
 * Default relative cut-off for numerical rank and pseudo-inverses: singular
 * values below `rtol * max(rows, cols) * eps * sigma_max` count as zero — the
 * same rule as numpy.linalg.matrix_rank.
 */
export function defaultRankTolerance(a: Mat, sigmaMax: number): number {
  return Math.max(a.rows, a.cols) * Number.EPSILON * sigmaMax;
}

/**
 * Numerical rank: number of singular values above `max(atol, rtol * sigma_max)`.
 * With no tolerances given it uses numpy.linalg.matrix_rank's default.
 */
export function numericalRank(a: Mat, tol?: { atol?: number; rtol?: number }): number {
  const s = singularValues(a);
  if (s.length === 0) return 0;
  const cutoff =
    tol === undefined ? defaultRankTolerance(a, s[0]) : Math.max(tol.atol ?? 0, (tol.rtol ?? 0) * s[0]);
  return s.filter((v) => v > cutoff).length;
}

/** Moore–Penrose pseudo-inverse via the SVD, with numpy.linalg.pinv's default cut-off (rcond = max(m,n)·eps). */
export function pseudoInverse(a: Mat): Mat {
  const { U, s, V } = svd(a);
  const cutoff = s.length === 0 ? 0 : defaultRankTolerance(a, s[0]);
  const out = mat(a.cols, a.rows);
  for (let k = 0; k < s.length; k++) {
    if (s[k] <= cutoff) continue;
    const inv = 1 / s[k];
    for (let i = 0; i < a.cols; i++) {
      const vik = V.data[i * V.cols + k] * inv;
      if (vik === 0) continue;
      for (let j = 0; j < a.rows; j++) out.data[i * a.rows + j] += vik * U.data[j * U.cols + k];
    }
  }
  return out;
}
