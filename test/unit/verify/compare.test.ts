// compareQuantities and ratio: shapes, the finiteness guard on each side, the
// max-entry error against the largest |predicted| entry (signs included), and the
// margin's edge cases.
import { describe, expect, it } from 'vitest';
import { mat } from '../../../src/linalg/matrix.ts';
import { compareQuantities, ratio, ShapeMismatchError } from '../../../src/verify/compare.ts';

const tol = { rtol: 0, atol: 1 };

describe('compareQuantities', () => {
  it('refuses a mismatch in rows only, in columns only, and a scalar against a matrix', () => {
    expect(() => compareQuantities(mat(2, 3), mat(3, 3), tol)).toThrow(new ShapeMismatchError('measured 2x3 but predicted 3x3'));
    expect(() => compareQuantities(mat(3, 2), mat(3, 3), tol)).toThrow(new ShapeMismatchError('measured 3x2 but predicted 3x3'));
    expect(() => compareQuantities(1, mat(1, 2), tol)).toThrow(ShapeMismatchError);
    // Its name is what a stack trace or `String(error)` shows a theorem author.
    expect(new ShapeMismatchError('m').name).toBe('ShapeMismatchError');
    // A scalar is a 1x1 quantity.
    expect(compareQuantities(2, mat(1, 1, [2]), tol)).toEqual({ error: 0, allowance: 1, margin: 0, finite: true });
  });

  it('is not finite when either side has a NaN or infinite entry, whichever side it is', () => {
    expect(compareQuantities(mat(1, 2, [0, NaN]), mat(1, 2, [0, 0]), tol).finite).toBe(false);
    expect(compareQuantities(mat(1, 2, [0, 0]), mat(1, 2, [0, NaN]), tol).finite).toBe(false);
    expect(compareQuantities(mat(1, 2, [0, 0]), mat(1, 2, [Infinity, 0]), tol).finite).toBe(false);
    expect(compareQuantities(mat(1, 2, [-Infinity, 0]), mat(1, 2, [0, 0]), tol).finite).toBe(false);
    expect(compareQuantities(mat(1, 2, [1e300, 0]), mat(1, 2, [-1e300, 0]), tol).finite).toBe(true);
  });

  it('takes the largest entry error, and scales rtol by the largest |predicted| entry, negative ones included', () => {
    const c = compareQuantities(mat(1, 3, [-10.5, 0.25, 3]), mat(1, 3, [-10, 0, 3]), { rtol: 0.1, atol: 0.5 });
    expect(c).toEqual({ error: 0.5, allowance: 1.5, margin: 1 / 3, finite: true });
    // The largest error is not the last entry, and the largest |predicted| is not the first.
    const d = compareQuantities(mat(1, 3, [3, 0, 1]), mat(1, 3, [1, -8, 1]), { rtol: 0.25, atol: 0 });
    expect(d).toEqual({ error: 8, allowance: 2, margin: 4, finite: true });
  });
});

describe('ratio', () => {
  it('is 0 without error (even against a zero allowance), Infinity for an error against none, else error / allowance', () => {
    expect(ratio(0, 0)).toBe(0);
    expect(ratio(0, 1)).toBe(0);
    expect(ratio(1e-300, 0)).toBe(Infinity);
    expect(ratio(3, 4)).toBe(0.75);
  });
});
