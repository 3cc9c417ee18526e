import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  add,
  centering,
  column,
  columns,
  diag,
  frobeniusNorm,
  fromRows,
  gramOfColumns,
  gramOfRows,
  identity,
  isFiniteMat,
  mat,
  matmul,
  normalized,
  onesProjector,
  scale,
  sub,
  toRows,
  trace,
  transpose,
  vstack,
} from '../../../src/linalg/matrix.ts';
import { fromMlMatrix, toMlMatrix } from '../../../src/linalg/decompositions.ts';

describe('matrix helpers', () => {
  it('builds the projectors of the reference: J = 11^T/K and I − J', () => {
    expect(toRows(onesProjector(2))).toEqual([
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
    expect(toRows(centering(2))).toEqual([
      [0.5, -0.5],
      [-0.5, 0.5],
    ]);
    expect(trace(centering(5))).toBeCloseTo(4, 14);
  });

  it('computes a hand-checked product, transpose, trace and norm', () => {
    const a = fromRows([
      [1, 2],
      [3, 4],
    ]);
    const b = fromRows([
      [0, 1],
      [1, 0],
    ]);
    expect(toRows(matmul(a, b))).toEqual([
      [2, 1],
      [4, 3],
    ]);
    expect(toRows(transpose(a))).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(trace(a)).toBe(5);
    expect(frobeniusNorm(a)).toBeCloseTo(Math.sqrt(30), 15);
    expect(toRows(gramOfColumns(a))).toEqual([
      [10, 14],
      [14, 20],
    ]);
    expect(toRows(gramOfRows(a))).toEqual([
      [5, 11],
      [11, 25],
    ]);
    expect(toRows(add(a, b))).toEqual([
      [1, 3],
      [4, 4],
    ]);
    expect(toRows(sub(a, a))).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(toRows(diag([1, 2]))).toEqual([
      [1, 0],
      [0, 2],
    ]);
    expect(Array.from(column(a, 1))).toEqual([2, 4]);
    expect(toRows(columns(a, 1, 2))).toEqual([[2], [4]]);
    expect(toRows(vstack(a, b))).toEqual([
      [1, 2],
      [3, 4],
      [0, 1],
      [1, 0],
    ]);
  });

  it('matmul agrees with ml-matrix on random shapes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (n, k, m, s) => {
        const a = mat(n, k, Array.from({ length: n * k }, (_, i) => Math.sin(s + i)));
        const b = mat(k, m, Array.from({ length: k * m }, (_, i) => Math.cos(s - i)));
        const ours = matmul(a, b);
        const theirs = fromMlMatrix(toMlMatrix(a).mmul(toMlMatrix(b)));
        expect(frobeniusNorm(sub(ours, theirs))).toBeLessThan(1e-12);
      }),
    );
  });

  it('normalizes to unit Frobenius norm and leaves zero alone', () => {
    expect(frobeniusNorm(normalized(fromRows([[3, 4]])))).toBeCloseTo(1, 15);
    expect(toRows(normalized(mat(1, 2)))).toEqual([[0, 0]]);
    expect(toRows(scale(identity(2), 3))).toEqual([
      [3, 0],
      [0, 3],
    ]);
  });

  it('rejects inconsistent shapes with a RangeError naming the operation', () => {
    expect(() => mat(2, 2, [1, 2, 3])).toThrow(/expected 4 entries/);
    expect(() => matmul(mat(2, 3), mat(2, 3))).toThrow(/matmul/);
    expect(() => add(mat(2, 2), mat(2, 3))).toThrow(/add/);
    expect(() => trace(mat(2, 3))).toThrow(/not square/);
    expect(() => fromRows([[1, 2], [3]])).toThrow(/row 1/);
    expect(() => vstack(mat(1, 2), mat(1, 3))).toThrow(/vstack/);
  });

  it('detects non-finite entries', () => {
    expect(isFiniteMat(fromRows([[1, 2]]))).toBe(true);
    expect(isFiniteMat(fromRows([[1, NaN]]))).toBe(false);
  });

  it('round-trips through ml-matrix', () => {
    const a = fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(toRows(fromMlMatrix(new Matrix(toRows(a))))).toEqual(toRows(a));
  });
});
