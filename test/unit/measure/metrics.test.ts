// Every metric on cases computable by hand (no engine, no training).
import { describe, expect, it } from 'vitest';
import { centering, fromRows, identity, mat, scale, transpose, type Mat } from '../../../src/linalg/matrix.ts';
import { centeredMeans, classMeans, globalMean, sampleClasses } from '../../../src/measure/class-means.ts';
import { betweenClassCovariance, withinClassCovariance, withinClassTrace } from '../../../src/measure/covariance.ts';
import { equinormVariation, maxAngleDeviation, orthogonalFrameError, simplexEtfError } from '../../../src/measure/frames.ts';
import { measure, scalarMetrics } from '../../../src/measure/measurements.ts';
import { nc1, nc1TraceRatio } from '../../../src/measure/nc1.ts';
import { nccAgreement } from '../../../src/measure/ncc.ts';
import { centeredLogitEtfError, logitOrthogonalFrameError, phdNc3, selfDualityError } from '../../../src/measure/self-duality.ts';
import { repeatColumns } from '../../../src/linalg/random-orthonormal.ts';

// d = 1, two classes: {1, 3} (mean 2) and {−1, −3} (mean −2).
const H1 = fromRows([[1, 3, -1, -3]]);
const sizes = [2, 2];

describe('class means and covariances', () => {
  it('computes means, global mean and centering by hand', () => {
    expect(Array.from(classMeans(H1, sizes).data)).toEqual([2, -2]);
    expect(Array.from(globalMean(fromRows([[1, 3]])).data)).toEqual([2]);
    expect(Array.from(centeredMeans(fromRows([[1, 3]])).data)).toEqual([-1, 1]);
    expect(Array.from(sampleClasses([2, 1]))).toEqual([0, 0, 1]);
  });

  it('Σ_W = 1 and Σ_B = 4 on the hand example', () => {
    expect(Array.from(withinClassCovariance(H1, sizes).data)).toEqual([1]);
    expect(withinClassTrace(H1, sizes)).toBe(1);
    expect(Array.from(betweenClassCovariance(classMeans(H1, sizes)).data)).toEqual([4]);
  });

  it('NC1 = Tr(Σ_W Σ_B^†)/K = 1/8 and ÑC1 = Tr Σ_W/Tr Σ_B = 1/4', () => {
    expect(nc1(H1, sizes)).toBeCloseTo(0.125, 15);
    expect(nc1TraceRatio(H1, sizes)).toBeCloseTo(0.25, 15);
  });

  it('NC1 is exactly 0 on collapsed features and NaN without class signal', () => {
    const collapsed = repeatColumns(fromRows([[1, 0, -1], [0, 2, 0]]), [3, 3, 3]);
    expect(nc1(collapsed, [3, 3, 3])).toBe(0);
    expect(nc1TraceRatio(collapsed, [3, 3, 3])).toBe(0);
    expect(Number.isNaN(nc1(mat(2, 4), [2, 2]))).toBe(true);
    expect(Number.isNaN(nc1TraceRatio(mat(2, 4), [2, 2]))).toBe(true);
  });
});

describe('frames', () => {
  it('orthogonal frame and simplex ETF errors vanish on their own frames', () => {
    expect(orthogonalFrameError(scale(identity(4), 0.3))).toBeCloseTo(0, 15);
    expect(simplexEtfError(scale(centering(4), 7))).toBeCloseTo(0, 14);
  });

  it('the OF error of a K = 2 simplex ETF is sqrt(2 − √2)', () => {
    expect(orthogonalFrameError(centering(2))).toBeCloseTo(Math.sqrt(2 - Math.SQRT2), 14);
    expect(Number.isNaN(orthogonalFrameError(mat(2, 2)))).toBe(true);
    expect(Number.isNaN(simplexEtfError(mat(2, 2)))).toBe(true);
  });

  it('equinorm and max-angle statistics', () => {
    expect(equinormVariation([1, 1, 1])).toBe(0);
    expect(equinormVariation([1, 9])).toBeCloseTo(0.5, 15); // norms 1 and 3: std 1, mean 2
    expect(maxAngleDeviation(centering(3))).toBeCloseTo(0, 14);
    expect(maxAngleDeviation(identity(3))).toBeCloseTo(0.5, 14); // |0 + 1/2| for every pair
  });
});

describe('self-duality variants (docs/theorems.md §2 pitfalls)', () => {
  // The bias-free minimizer up to scale: H̄ = I_K, W = κ H̄^T.
  const K = 3;
  const Hbar = identity(K);
  const W = scale(transpose(Hbar), 2);

  it('PHD NC3 is 2 − 2 sqrt((K−1)/K), not 0, at the bias-free geometry', () => {
    expect(phdNc3(W, Hbar)).toBeCloseTo(2 - 2 * Math.sqrt((K - 1) / K), 14);
    expect(phdNc3(W, Hbar)).toBeCloseTo(0.367006838, 8);
  });

  it('the MSE-aware variants vanish there', () => {
    expect(selfDualityError(W, Hbar)).toBeCloseTo(0, 15);
    expect(logitOrthogonalFrameError(W, Hbar)).toBeCloseTo(0, 15);
    expect(centeredLogitEtfError(W, Hbar)).toBeCloseTo(0, 14);
  });

  it('undefined (NaN) for zero classifiers or features', () => {
    expect(Number.isNaN(selfDualityError(mat(3, 3), Hbar))).toBe(true);
    expect(Number.isNaN(phdNc3(mat(3, 3), Hbar))).toBe(true);
    expect(Number.isNaN(centeredLogitEtfError(mat(3, 3), Hbar))).toBe(true);
    expect(Number.isNaN(logitOrthogonalFrameError(mat(3, 3), Hbar))).toBe(true);
  });
});

describe('NCC agreement (NC4)', () => {
  it('counts the samples where the classifier and the nearest class mean agree', () => {
    // d = 1; classes at means 2 and −2. W = [1; −1] agrees everywhere; W = [−1; 1] nowhere.
    expect(nccAgreement(fromRows([[1], [-1]]), H1, undefined, sizes)).toBe(1);
    expect(nccAgreement(fromRows([[-1], [1]]), H1, undefined, sizes)).toBe(0);
    // A bias of +10 on class 0 makes the classifier say 0 for every sample (logits h + 10 vs −h): half agree.
    expect(nccAgreement(fromRows([[1], [-1]]), H1, fromRows([[10], [0]]), sizes)).toBe(0.5);
    // With +5, the sample at −3 still goes to class 1 (logits 2 vs 3): three of four agree.
    expect(nccAgreement(fromRows([[1], [-1]]), H1, fromRows([[5], [0]]), sizes)).toBe(0.75);
  });
});

describe('measure()', () => {
  it('gathers rotation-invariant quantities on an orthogonal-frame solution', () => {
    const Hbar: Mat = fromRows([[1, 0], [0, 1], [0, 0]]); // d = 3, K = 2
    const H = repeatColumns(Hbar, [2, 2]);
    const W = transpose(Hbar);
    const m = measure({ W, H, classSizes: [2, 2] }, 0.1, { balancedness: 0 });
    expect(Array.from(m.WWt.data)).toEqual([1, 0, 0, 1]);
    expect(Array.from(m.HbarTHbar.data)).toEqual([1, 0, 0, 1]);
    expect(Array.from(m.WHbar.data)).toEqual([1, 0, 0, 1]);
    expect(Array.from(m.MbarTMbar.data)).toEqual([0.5, -0.5, -0.5, 0.5]);
    expect(m.globalMeanNormSq).toBeCloseTo(0.5, 15);
    expect(m.rankWHbar).toBe(2);
    expect(m.nc1TraceRatio).toBe(0);
    expect(m.ofErrorHbar).toBeCloseTo(0, 15);
    expect(m.ofErrorWHbar).toBeCloseTo(0, 15);
    expect(m.etfErrorHbar).toBeCloseTo(orthogonalFrameError(centering(2)), 14); // symmetric distance between the two K = 2 frames
    expect(m.etfErrorWHbar).toBeCloseTo(m.etfErrorHbar, 15);
    expect(m.nccAgreement).toBe(1);
    const metrics = scalarMetrics(m);
    expect(metrics.balancedness).toBe(0);
    expect(metrics.WnormSq).toBeCloseTo(2, 14);
    expect(metrics.HnormSq).toBeCloseTo(4, 14);
    const withBias = measure({ W, H, b: fromRows([[0.5], [0.5]]), classSizes: [2, 2] }, 0.1);
    expect(Array.from(withBias.logitMeans.data)).toEqual([1.5, 0.5, 0.5, 1.5]);
  });
});
