// The per-layer measurements of trained networks against hand-computable cases.
import { describe, expect, it } from 'vitest';
import { diag, fromRows, identity, mat, scale, transpose } from '../../../src/linalg/matrix.ts';
import { repeatColumns } from '../../../src/linalg/random-orthonormal.ts';
import { classifierMeasures, featureMeasures, weightMeasures } from '../../../src/measure/network-layers.ts';
import { classificationMargins, marginSummary } from '../../../src/measure/margins.ts';
import { normProduct } from '../../../src/measure/norm-product.ts';
import { relativeRank, singularSpectrum, stableRank, WEIGHT_RANK_RTOL } from '../../../src/measure/spectrum.ts';
import { crossClassActivation } from '../../../src/measure/supports.ts';

describe('featureMeasures', () => {
  it('perfectly collapsed features have NC1 = ÑC1 = 0 and the geometry of their means', () => {
    // Means e_1, e_2, e_3 in R^4 (orthonormal, nonnegative, disjoint supports), 3 samples each.
    const means = fromRows([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 0],
    ]);
    const f = featureMeasures(repeatColumns(means, [3, 3, 3]), [3, 3, 3]);
    expect(f.nc1).toBe(0);
    expect(f.nc1TraceRatio).toBe(0);
    expect(f.withinClassTrace).toBe(0);
    // Σ_B of e_k around (1,1,1,0)/3: trace = (1/K) Σ ||e_k − g||² = 2/3.
    expect(f.betweenClassTrace).toBeCloseTo(2 / 3, 14);
    expect(f.ofErrorMeans).toBeCloseTo(0, 14);
    // Centered orthonormal means form a simplex ETF.
    expect(f.etfErrorCentered).toBeCloseTo(0, 14);
    expect(f.crossClassActivation).toBe(0);
  });

  it('spread features: ÑC1 = Tr Σ_W / Tr Σ_B by hand', () => {
    // 1-d features: class 0 at {−1, 1}, class 1 at {9, 11}: Tr Σ_W = 1, means 0 and 10, Tr Σ_B = 25.
    const H = mat(1, 4, [-1, 1, 9, 11]);
    const f = featureMeasures(H, [2, 2]);
    expect(f.nc1TraceRatio).toBeCloseTo(1 / 25, 14);
    // PHD's NC1 = Tr(Σ_W Σ_B^†)/K = (1 · 1/25)/2.
    expect(f.nc1).toBeCloseTo(1 / 50, 14);
    // The means (0 and 10) are not nonnegative-with-disjoint-support … they are: 0 has no mass.
    expect(f.crossClassActivation).toBe(0);
  });

  it('means with a negative entry have no cross-class activation (NaN), not an error', () => {
    expect(featureMeasures(mat(1, 2, [-1, 1]), [1, 1]).crossClassActivation).toBeNaN();
  });
});

describe('weight spectra', () => {
  it('a known rank-2 matrix has numerical rank 2', () => {
    // u v^T + 2 w z^T with orthonormal u, w and v, z: singular values 2 and 1.
    const W = fromRows([
      [1, 0, 0],
      [0, 2, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(singularSpectrum(W).map((s) => Number(s.toFixed(12)))).toEqual([2, 1, 0]);
    expect(relativeRank(singularSpectrum(W))).toBe(2);
    expect(weightMeasures(W).rank).toBe(2);
  });

  it('the rank cut-off is relative to σ_max (rescaling does not change the rank)', () => {
    const s = [10, 1e-1, 0.5e-2];
    expect(relativeRank(s)).toBe(2); // 1e-3 · 10 = 1e-2 > 0.5e-2
    expect(relativeRank(s.map((v) => v * 1e-6))).toBe(2);
    expect(relativeRank([0, 0])).toBe(0);
    expect(WEIGHT_RANK_RTOL).toBe(1e-3);
  });

  it('stable rank Σσ²/σ_max²', () => {
    expect(stableRank([4, 3])).toBeCloseTo(25 / 16, 15);
    expect(stableRank([1, 1, 1])).toBe(3);
    expect(stableRank([0])).toBeNaN();
  });

  it('rows forming an orthogonal frame have OF error 0; the Frobenius norm is the spectrum’s', () => {
    const m = weightMeasures(scale(identity(3), 2));
    expect(m.ofError).toBeCloseTo(0, 14);
    expect(m.frobenius).toBeCloseTo(2 * Math.sqrt(3), 14);
    expect(m.stableRank).toBeCloseTo(3, 14);
  });
});

describe('ρ, margins, supports and the classifier', () => {
  it('ρ = Π ||W_l||_F of known layers', () => {
    expect(normProduct([diag([3, 4]), scale(identity(2), 2)])).toBeCloseTo(5 * 2 * Math.SQRT2, 13);
    expect(normProduct([])).toBe(1);
  });

  it('margins of a known classifier', () => {
    // Outputs K × N: sample 0 (class 0) has (2, 1) → margin 1; sample 1 (class 1) has (0, 3) → margin 3.
    const outputs = fromRows([
      [2, 0],
      [1, 3],
    ]);
    expect(Array.from(classificationMargins(outputs, [0, 1]))).toEqual([1, 3]);
    const s = marginSummary([1, 3]);
    expect(s).toMatchObject({ min: 1, median: 2, mean: 2, sd: 1, cv: 0.5, positive: 1 });
    // A misclassified sample has a negative margin.
    expect(Array.from(classificationMargins(outputs, [1, 0]))).toEqual([-1, -3]);
    expect(marginSummary([-1, -3]).cv).toBeNaN();
    expect(() => classificationMargins(outputs, [0])).toThrow(/1 labels for 2 samples/);
  });

  it('disjoint supports give cross-class activation 0; equal activation (K−1)/K', () => {
    expect(crossClassActivation(fromRows([[2, 0], [0, 5], [0, 0]]))).toBe(0);
    expect(crossClassActivation(fromRows([[1, 1, 1], [2, 2, 2]]))).toBeCloseTo(2 / 3, 15);
    // Unit 0 fires 3 for class 0 and 1 for class 1: off-top mass 1 of 4.
    expect(crossClassActivation(fromRows([[3, 1]]))).toBeCloseTo(1 / 4, 15);
    expect(crossClassActivation(mat(2, 2))).toBeNaN();
    expect(() => crossClassActivation(fromRows([[1, -1]]))).toThrow(/nonnegative/);
  });

  it('a classifier equal to the transposed class means is self-dual, and agrees with the nearest class mean', () => {
    const means = fromRows([
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    const H = repeatColumns(means, [2, 2]);
    const W = transpose(means);
    const outputs = fromRows([
      [1, 1, 0, 0],
      [0, 0, 1, 1],
    ]);
    const c = classifierMeasures(W, H, outputs, [2, 2], [0, 0, 1, 1]);
    expect(c.selfDuality).toBeCloseTo(0, 15);
    expect(c.nccAgreement).toBe(1);
    expect(c.margins.min).toBe(1);
    expect(c.margins.cv).toBe(0);
  });
});
