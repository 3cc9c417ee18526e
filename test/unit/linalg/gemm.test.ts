import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { gemmNT, transposeInto } from '../../../src/linalg/gemm.ts';
import { mat, matmul, maxAbs, sub, transpose } from '../../../src/linalg/matrix.ts';

const dims = fc.integer({ min: 1, max: 13 });
const filled = (rows: number, cols: number, seed: number) =>
  mat(rows, cols, Array.from({ length: rows * cols }, (_, i) => Math.sin(seed + 1.7 * i) * 3));

describe('gemmNT (register-blocked C = A Bᵀ)', () => {
  it('matches the reference product and ml-matrix on every shape, tails included', () => {
    fc.assert(
      fc.property(dims, dims, dims, fc.integer(), (m, n, k, seed) => {
        const A = filled(m, k, seed);
        const B = filled(n, k, seed + 0.5);
        const C = new Float64Array(m * n).fill(Number.NaN);
        gemmNT(A.data, B.data, C, m, n, k);
        const reference = matmul(A, transpose(B));
        expect(maxAbs(sub(mat(m, n, C), reference))).toBeLessThanOrEqual(1e-12 * Math.max(1, maxAbs(reference)) * k);
        const ml = new Matrix(A.rows, A.cols);
        for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) ml.set(i, p, A.data[i * k + p]);
        const mlB = new Matrix(n, k);
        for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) mlB.set(j, p, B.data[j * k + p]);
        const product = ml.mmul(mlB.transpose());
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) expect(Math.abs(C[i * n + j] - product.get(i, j))).toBeLessThanOrEqual(1e-11);
      }),
    );
  });

  it('reads operands at offsets and writes a sub-block of a wider C', () => {
    const A = filled(5, 3, 1);
    const B = filled(6, 3, 2);
    const aData = new Float64Array([7, 7, ...A.data]);
    const bData = new Float64Array([9, ...B.data]);
    const C = new Float64Array(3 + 5 * 8).fill(-1);
    gemmNT(aData, bData, C, 5, 6, 3, 2, 1, 8, 3);
    const reference = matmul(A, transpose(B));
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 6; j++) expect(C[3 + i * 8 + j]).toBeCloseTo(reference.data[i * 6 + j], 12);
      expect(C[3 + i * 8 + 6]).toBe(-1);
      expect(C[3 + i * 8 + 7]).toBe(-1);
    }
    expect(Array.from(C.subarray(0, 3))).toEqual([-1, -1, -1]);
  });

  it('transposes from an offset', () => {
    const A = filled(3, 4, 3);
    const src = new Float64Array([1, 2, ...A.data]);
    const dst = new Float64Array(12);
    transposeInto(src, 3, 4, dst, 2);
    expect(Array.from(dst)).toEqual(Array.from(transpose(A).data));
  });
});
