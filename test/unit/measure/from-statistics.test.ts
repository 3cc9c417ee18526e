// The measurement set from a streaming pass's statistics (src/measure/from-statistics.ts),
// on a case small enough to do by hand, under both global-mean conventions and both NC3
// forms: K = 2 classes of sizes 1 and 3 in d = 2, class means e_1 and e_2, Σ_W = diag(0.1, 0.3).
//
// Global mean of the class means: h̄_G = (1/2, 1/2), Ṁ = [[1/2, −1/2], [−1/2, 1/2]] = (1, −1)ᵀ(1/2, −1/2),
// Ṁ Ṁᵀ = u uᵀ with u = (1, −1)/√2, so Tr Σ_B = 1/2 and NC1 = Tr(Σ_W (ṀṀᵀ)^†) = uᵀ Σ_W u = 0.2.
// Sample mean: h̄_G = (1/4, 3/4), Ṁ = u (3/4·√2, −1/4·√2), Ṁ Ṁᵀ = 1.25 u uᵀ, Tr Σ_B = 0.625,
// NC1 = 0.2/1.25 = 0.16; centered norms √1.125 and √0.125: std/mean = 0.5.
import { describe, expect, it } from 'vitest';
import { fromRows, mat } from '../../../src/linalg/matrix.ts';
import { centeredAbout, classifierMetrics, DEFAULT_DEFINITIONS, featureMetrics, globalMeanOf, nc1FromCenteredMeans } from '../../../src/measure/from-statistics.ts';
import type { ClassStatistics } from '../../../src/measure/streaming.ts';

const stats = (more: Partial<ClassStatistics> = {}): ClassStatistics => ({
  N: 4,
  d: 2,
  classSizes: [1, 3],
  Hbar: fromRows([[1, 0], [0, 1]]),
  SigmaW: fromRows([[0.1, 0], [0, 0.3]]),
  within: 'samples',
  sumSquares: 7,
  min: -1,
  ...more,
});
const samples = { ...DEFAULT_DEFINITIONS, globalMean: 'samples' as const };
const etfOfIdentity = Math.sqrt(2 - Math.SQRT2); // || I/√2 − (I − J/2) ||_F

describe('global mean and centering', () => {
  it('weighs classes equally, or by their sizes', () => {
    expect(Array.from(globalMeanOf(stats(), 'class-means').data)).toEqual([0.5, 0.5]);
    expect(Array.from(globalMeanOf(stats(), 'samples').data)).toEqual([0.25, 0.75]);
    expect(DEFAULT_DEFINITIONS).toEqual({ globalMean: 'class-means', nc3: 'squared', within: 'samples' });
  });

  it('subtracts h̄_G from every column, leaving H̄ as it was', () => {
    const Hbar = stats().Hbar;
    const M = centeredAbout(Hbar, fromRows([[0.25], [0.75]]));
    expect(Array.from(M.data)).toEqual([0.75, -0.25, -0.75, 0.25]);
    expect(Array.from(Hbar.data)).toEqual([1, 0, 0, 1]);
  });

  it('NC1 from the centered means without a d x d pseudo-inverse', () => {
    expect(nc1FromCenteredMeans(stats().SigmaW, fromRows([[0.5, -0.5], [-0.5, 0.5]]))).toBeCloseTo(0.2, 14);
  });
});

describe('featureMetrics', () => {
  it('with the mean of the class means (the default)', () => {
    const f = featureMetrics(stats());
    expect(f.nc1).toBeCloseTo(0.2, 14);
    expect(f.betweenClassTrace).toBeCloseTo(0.5, 15);
    expect(f.withinClassTrace).toBeCloseTo(0.4, 15);
    expect(f.nc1TraceRatio).toBeCloseTo(0.8, 14);
    expect(f.equinormMeans).toBeCloseTo(0, 15);
    expect(f.maxAngleCentered).toBeCloseTo(0, 15);
    expect(f.etfErrorCentered).toBeCloseTo(0, 14);
    expect(f.ofErrorMeans).toBeCloseTo(0, 15);
    expect(f.ofErrorHbar).toBeCloseTo(0, 15);
    expect(f.etfErrorHbar).toBeCloseTo(etfOfIdentity, 14);
    expect(f.supportOverlap).toBe(0);
    expect(f.offDiagonalRatio).toBe(0);
    expect(f.globalMeanNormSq).toBeCloseTo(0.5, 15);
    expect(f.HnormSq).toBe(7);
    // Features that went below 0 are not post-ReLU: no cross-class activation.
    expect(f.crossClassActivation).toBeNaN();
  });

  it('with the sample mean (PHD20)', () => {
    const f = featureMetrics(stats(), samples);
    expect(f.nc1).toBeCloseTo(0.16, 14);
    expect(f.betweenClassTrace).toBeCloseTo(0.625, 15);
    expect(f.nc1TraceRatio).toBeCloseTo(0.64, 14);
    expect(f.equinormMeans).toBeCloseTo(0.5, 14);
    expect(f.globalMeanNormSq).toBeCloseTo(0.625, 15);
  });

  it('cross-class activation for nonnegative features (0 here: each unit fires for one class); NC1 undefined without spread of the means', () => {
    expect(featureMetrics(stats({ min: 0 })).crossClassActivation).toBe(0);
    const same = featureMetrics(stats({ Hbar: fromRows([[1, 1], [2, 2]]) }));
    expect(same.betweenClassTrace).toBe(0);
    expect(same.nc1).toBeNaN();
    expect(same.nc1TraceRatio).toBeNaN();
  });
});

describe('classifierMetrics', () => {
  it('with W = I: frames, NC3 (squared by default, or plain), logit frames, rank, norm', () => {
    const W = fromRows([[1, 0], [0, 1]]);
    const c = classifierMetrics(stats(), W);
    expect(c.ofErrorW).toBeCloseTo(0, 15);
    expect(c.etfErrorW).toBeCloseTo(etfOfIdentity, 14);
    expect(c.ofErrorWHbar).toBeCloseTo(0, 15);
    expect(c.etfErrorWHbar).toBeCloseTo(etfOfIdentity, 14);
    // || Wᵀ/||W|| − Ṁ/||Ṁ|| ||_F² = || I/√2 − Ṁ ||² = 2 − √2 (||Ṁ||_F = 1 for the mean of the class means).
    expect(c.phdNc3).toBeCloseTo(2 - Math.SQRT2, 14);
    expect(classifierMetrics(stats(), W, { ...DEFAULT_DEFINITIONS, nc3: 'plain' }).phdNc3).toBeCloseTo(etfOfIdentity, 14);
    // W Ṁ = Ṁ is the centered simplex for K = 2; W H̄ = I an orthogonal frame.
    expect(c.centeredLogitEtfError).toBeCloseTo(0, 14);
    expect(c.logitOrthogonalFrameError).toBeCloseTo(0, 14);
    expect(c.rankWHbar).toBe(2);
    expect(c.WnormSq).toBeCloseTo(2, 14);
    // With the sample mean, Ṁ/||Ṁ|| = (3, −1; −3, 1)/√20: NC3² = ||I/√2 − Ṁ/||Ṁ|| ||² = 2 − 2·(3 + 1)/(√2·√20).
    expect(classifierMetrics(stats(), W, samples).phdNc3).toBeCloseTo(2 - 8 / Math.sqrt(40), 14);
  });

  it('is undefined where a normalization divides by zero: W = 0', () => {
    const c = classifierMetrics(stats(), mat(2, 2));
    expect(c.phdNc3).toBeNaN();
    expect(c.centeredLogitEtfError).toBeNaN();
    expect(c.logitOrthogonalFrameError).toBeNaN();
    expect(c.WnormSq).toBe(0);
  });
});
