// A violation's numbers as recorded in the coverage file: scalars as is,
// matrices whole up to 8×8 (K ≤ 8), larger ones as their largest deviations
// and singular spectra (checked on diagonal matrices, whose singular values
// are the absolute diagonal entries, sorted).
import { describe, expect, it } from 'vitest';
import { identity, mat, scale } from '../../../src/linalg/matrix.ts';
import { comparedValues, LARGEST_KEPT } from '../../../src/verify/values.ts';
import { valuesLines } from '../../../src/report/counterexamples.ts';

describe('comparedValues', () => {
  it('keeps scalars, and says both in one line', () => {
    const v = comparedValues('loss', 0.25, 0.5);
    expect(v).toEqual({ quantity: 'loss', predicted: 0.5, measured: 0.25 });
    expect(valuesLines(v)).toEqual(['loss: predicted 0.5, measured 0.25 (difference -0.25)']);
  });

  it('keeps an 8×8 matrix whole', () => {
    const p = scale(identity(8), 2);
    const m = scale(identity(8), 2);
    m.data[9] = 1.5;
    const v = comparedValues('Gram', m, p);
    expect(v.predicted).toEqual({ rows: 8, cols: 8, data: Array.from(p.data) });
    expect(v.measured).toEqual({ rows: 8, cols: 8, data: Array.from(m.data) });
    expect(v.largest).toBeUndefined();
    expect(valuesLines(v)).toContain('  [   0  1.5    0    0    0    0    0    0 ]');
  });

  it('reduces a 9×9 matrix to its largest deviations and both spectra', () => {
    const p = identity(9);
    const m = mat(9, 9, Array.from(p.data));
    m.data[0] = 4; // (0, 0): 1 → 4, the largest deviation
    m.data[9 * 3 + 5] = -2; // (3, 5): 0 → −2
    const v = comparedValues('Gram', m, p);
    expect(v.predicted).toEqual({ rows: 9, cols: 9 });
    expect(v.largest!.slice(0, 2)).toEqual([
      { row: 0, col: 0, predicted: 1, measured: 4 },
      { row: 3, col: 5, predicted: 0, measured: -2 },
    ]);
    expect(v.largest).toHaveLength(LARGEST_KEPT);
    expect(v.spectra!.predicted).toEqual(Array(LARGEST_KEPT).fill(1));
    const d = mat(9, 9);
    [9, 8, 7, 6, 5, 4, 3, 2, 1].forEach((x, i) => (d.data[i * 9 + i] = i % 2 === 0 ? x : -x));
    expect(comparedValues('D', d, p).spectra!.measured.map((x) => Number(x.toFixed(12)))).toEqual([9, 8, 7, 6, 5, 4, 3, 2]);
  });
});
