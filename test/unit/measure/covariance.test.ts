// Σ_W and Σ_B (THN23's definitions, docs/theorems.md) on cases with d ≥ 2, unequal
// deviations, imbalanced classes and d ≠ K, against the same formulas evaluated with
// ml-matrix (an independent implementation: outer products of deviation columns), and
// every path on which an NC metric is undefined (NaN).
import { Matrix, pseudoInverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { fromRows, mat, toRows, type Mat } from '../../../src/linalg/matrix.ts';
import { classMeans } from '../../../src/measure/class-means.ts';
import { betweenClassCovariance, withinClassCovariance, withinClassTrace } from '../../../src/measure/covariance.ts';
import { nc1, nc1TraceRatio } from '../../../src/measure/nc1.ts';
import { centeredLogitEtfError, logitOrthogonalFrameError, phdNc3, selfDualityError } from '../../../src/measure/self-duality.ts';
import { orthogonalFrameError, simplexEtfError } from '../../../src/measure/frames.ts';

// d = 3 features, K = 3 classes of sizes 2, 3 and 1 (a singleton: zero deviation), N = 6.
const H = fromRows([
  [1.5, -0.25, 2, 3.5, -1, 0.75],
  [0.5, 4, -2.5, 1, 0.25, -3],
  [-2, 1.25, 0.5, 0.5, 6, 2.5],
]);
const sizes = [2, 3, 1];

/** Σ_W with ml-matrix: the deviation columns D (d x N), then D Dᵀ / N. */
function withinReference(h: Mat, classSizes: readonly number[]): number[][] {
  const X = new Matrix(toRows(h));
  const D = new Matrix(h.rows, h.cols);
  let start = 0;
  for (const nk of classSizes) {
    const cls = X.subMatrix(0, h.rows - 1, start, start + nk - 1);
    const mean = cls.mean('row');
    for (let j = 0; j < nk; j++) for (let i = 0; i < h.rows; i++) D.set(i, start + j, cls.get(i, j) - mean[i]);
    start += nk;
  }
  return D.mmul(D.transpose()).div(h.cols).to2DArray();
}

/** Σ_B with ml-matrix: class means M (d x K) centred by their mean, then M Mᵀ / K. */
function betweenReference(h: Mat, classSizes: readonly number[]): number[][] {
  const X = new Matrix(toRows(h));
  const means: number[][] = [];
  let start = 0;
  for (const nk of classSizes) {
    means.push(X.subMatrix(0, h.rows - 1, start, start + nk - 1).mean('row'));
    start += nk;
  }
  const M = new Matrix(means).transpose();
  const centred = M.clone().subColumnVector(M.mean('row'));
  return centred.mmul(centred.transpose()).div(classSizes.length).to2DArray();
}

function expectClose(actual: Mat, expected: number[][]): void {
  expect([actual.rows, actual.cols]).toEqual([expected.length, expected[0].length]);
  const rows = toRows(actual);
  rows.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - expected[i][j]), `(${i}, ${j}): ${v} vs ${expected[i][j]}`).toBeLessThan(1e-13 * (1 + Math.abs(expected[i][j])))));
}

describe('Σ_W and Σ_B against ml-matrix', () => {
  it('Σ_W entry by entry on d = 3, imbalanced classes and unequal deviations (off-diagonals included)', () => {
    const reference = withinReference(H, sizes);
    // The example has non-zero, unequal off-diagonals: a mutated index or product would show.
    expect(Math.abs(reference[0][1])).toBeGreaterThan(0.1);
    expect(Math.abs(reference[1][2] - reference[0][2])).toBeGreaterThan(0.1);
    expectClose(withinClassCovariance(H, sizes), reference);
    expect(withinClassTrace(H, sizes)).toBeCloseTo(reference[0][0] + reference[1][1] + reference[2][2], 13);
  });

  it('Σ_B entry by entry with d ≠ K (d = 3, K = 2 and d = 2, K = 3)', () => {
    const two = [4, 2];
    expectClose(betweenClassCovariance(classMeans(H, two)), betweenReference(H, two));
    const flat = fromRows([toRows(H)[0], toRows(H)[2]]);
    expectClose(betweenClassCovariance(classMeans(flat, sizes)), betweenReference(flat, sizes));
    expectClose(betweenClassCovariance(classMeans(H, sizes)), betweenReference(H, sizes));
  });

  it('NC1 = Tr(Σ_W Σ_B^†)/K and ÑC1 = Tr Σ_W / Tr Σ_B with the pseudo-inverse from ml-matrix', () => {
    const SW = new Matrix(withinReference(H, sizes));
    const SB = new Matrix(betweenReference(H, sizes));
    const expected = SW.mmul(pseudoInverse(SB)).trace() / sizes.length;
    expect(nc1(H, sizes)).toBeCloseTo(expected, 12);
    expect(nc1TraceRatio(H, sizes)).toBeCloseTo(SW.trace() / SB.trace(), 13);
  });
});

describe('undefined metrics are NaN, on every path', () => {
  // Two classes with the same mean 0 and spread ±1: Σ_B = 0 while Σ_W = I-ish > 0.
  const sameMeans = fromRows([
    [1, -1, 2, -2],
    [0.5, -0.5, -1, 1],
  ]);

  it('NC1 and ÑC1 when Σ_B = 0 but Σ_W > 0 (no class signal, but spread)', () => {
    expect(withinClassTrace(sameMeans, [2, 2])).toBeGreaterThan(0);
    expect(nc1(sameMeans, [2, 2])).toBeNaN();
    expect(nc1TraceRatio(sameMeans, [2, 2])).toBeNaN();
  });

  it('self-duality and logit relations when W = 0, H̄ = 0, or the class means coincide', () => {
    const W = fromRows([
      [1, 0.5],
      [-0.25, 2],
    ]);
    const Hbar = fromRows([
      [1, -1],
      [0.5, 2],
    ]);
    const zero = mat(2, 2);
    const coinciding = fromRows([
      [3, 3],
      [-1, -1],
    ]);
    // Each guard on its own: the other operand is non-zero.
    expect(selfDualityError(zero, Hbar)).toBeNaN();
    expect(selfDualityError(W, zero)).toBeNaN();
    expect(phdNc3(zero, Hbar)).toBeNaN();
    expect(phdNc3(W, coinciding)).toBeNaN();
    expect(centeredLogitEtfError(W, coinciding)).toBeNaN();
    expect(logitOrthogonalFrameError(W, zero)).toBeNaN();
    expect(orthogonalFrameError(zero)).toBeNaN();
    expect(simplexEtfError(zero)).toBeNaN();
    // …and defined (finite) on the non-degenerate inputs.
    for (const v of [selfDualityError(W, Hbar), phdNc3(W, Hbar), centeredLogitEtfError(W, Hbar), logitOrthogonalFrameError(W, Hbar)]) expect(Number.isFinite(v)).toBe(true);
  });
});
