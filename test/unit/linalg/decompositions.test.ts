import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericalRank, pseudoInverse, singularValues, svd, symmetricEigen } from '../../../src/linalg/decompositions.ts';
import { diag, frobeniusNorm, fromRows, matmul, mat, sub, transpose, type Mat } from '../../../src/linalg/matrix.ts';
import { centeredBasis, randomOrthonormalColumns, repeatColumns } from '../../../src/linalg/random-orthonormal.ts';
import { createRng } from '../../../src/random/rng.ts';
import { identity, toRows } from '../../../src/linalg/matrix.ts';

const randomMatrix = (rows: number, cols: number, seed: number): Mat => {
  const rng = createRng(seed);
  return mat(rows, cols, Array.from({ length: rows * cols }, () => rng.normal()));
};

describe('decompositions', () => {
  it('SVD reconstructs wide and tall matrices with sorted singular values', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer(), (r, c, seed) => {
        const a = randomMatrix(r, c, seed);
        const { U, s, V } = svd(a);
        const rebuilt = matmul(matmul(U, diag(s)), transpose(V));
        expect(frobeniusNorm(sub(rebuilt, a))).toBeLessThan(1e-10 * Math.max(1, frobeniusNorm(a)));
        for (let i = 1; i < s.length; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
        expect(Array.from(singularValues(a)).map((v) => v.toFixed(8))).toEqual(Array.from(s).map((v) => v.toFixed(8)));
      }),
    );
  });

  it('knows the singular values of a hand-built matrix', () => {
    // diag(3, 2) embedded in a 3x2 matrix: singular values 3 and 2.
    expect(Array.from(singularValues(fromRows([[0, 2], [3, 0], [0, 0]])))).toEqual([3, 2]);
  });

  it('numerical rank: a known rank-2 matrix has rank 2, zero has rank 0', () => {
    const u = fromRows([[1], [2], [3]]);
    const v = fromRows([[1, 0, 1, 0]]);
    const w = fromRows([[0], [1], [0]]);
    const x = fromRows([[0, 1, 0, 1]]);
    const rank2 = matmul(u, v);
    const sum = mat(3, 4, rank2.data.map((val, i) => val + matmul(w, x).data[i]));
    expect(numericalRank(sum)).toBe(2);
    expect(numericalRank(mat(3, 3))).toBe(0);
    expect(numericalRank(identity(4))).toBe(4);
    expect(numericalRank(fromRows([[1, 0], [0, 1e-9]]), { atol: 1e-8 })).toBe(1);
  });

  it('pseudo-inverse satisfies the four Moore–Penrose conditions, also for rank-deficient input', () => {
    const a = matmul(randomMatrix(4, 2, 3), randomMatrix(2, 5, 4)); // rank 2, 4x5
    const p = pseudoInverse(a);
    const close = (x: Mat, y: Mat) => expect(frobeniusNorm(sub(x, y))).toBeLessThan(1e-9);
    close(matmul(matmul(a, p), a), a);
    close(matmul(matmul(p, a), p), p);
    close(transpose(matmul(a, p)), matmul(a, p));
    close(transpose(matmul(p, a)), matmul(p, a));
  });

  it('symmetric eigen-decomposition: eigenvalues of diag(1, 3) sorted descending', () => {
    const { values } = symmetricEigen(fromRows([[1, 0], [0, 3]]));
    expect(Array.from(values)).toEqual([3, 1]);
  });

  it('random orthonormal frames and the Helmert basis of 1^⊥', () => {
    const R = randomOrthonormalColumns(5, 3, createRng(7));
    expect(frobeniusNorm(sub(matmul(transpose(R), R), identity(3)))).toBeLessThan(1e-12);
    expect(() => randomOrthonormalColumns(2, 3, createRng(1))).toThrow(/rows ≥ cols/);
    const E = centeredBasis(4);
    const J = mat(4, 4, new Float64Array(16).fill(0.25));
    expect(frobeniusNorm(sub(matmul(E, transpose(E)), sub(identity(4), J)))).toBeLessThan(1e-14);
    expect(toRows(repeatColumns(fromRows([[1, 2]]), [2, 1]))).toEqual([[1, 1, 2]]);
  });
});
