// Tests written against the survivors of the first `MUTATE=measure` run (docs/mutation.md):
// the per-layer structure statistics, ties and row indexing in NCC, the degenerate inputs of
// the frame statistics and ÑC1, and the margin summary's order statistics.
import { describe, expect, it } from 'vitest';
import { fromRows, mat } from '../../../src/linalg/matrix.ts';
import { maxAngleDeviation } from '../../../src/measure/frames.ts';
import { layerGrams, layerMetrics, measureLayer, offDiagonalRatio, supportOverlap } from '../../../src/measure/layers.ts';
import { marginSummary } from '../../../src/measure/margins.ts';
import { nccAgreement } from '../../../src/measure/ncc.ts';
import { relativeRank, stableRank } from '../../../src/measure/spectrum.ts';
import { featureMeasures } from '../../../src/measure/network-layers.ts';
import { measure } from '../../../src/measure/measurements.ts';

describe('supportOverlap and offDiagonalRatio', () => {
  it('support overlap: the largest second-largest |entry| of a unit over the largest |entry|', () => {
    // Unit 0 fires for classes 0 and 2 (second largest 2), unit 1 for one class only; largest |entry| 8.
    expect(supportOverlap(fromRows([[5, 0, -2], [0, 0, 8]]))).toBe(0.25);
    // The second largest after a new maximum, and one that only beats the second.
    expect(supportOverlap(fromRows([[1, 4, 3]]))).toBe(0.75);
    expect(supportOverlap(fromRows([[4, 1, 3]]))).toBe(0.75);
    // A smaller entry after the second largest leaves it alone.
    expect(supportOverlap(fromRows([[8, 6, 1]]))).toBe(0.75);
    expect(supportOverlap(fromRows([[2, 0], [0, 3]]))).toBe(0);
    expect(supportOverlap(mat(2, 2))).toBeNaN();
  });

  it('off-diagonal ratio: max off-diagonal |entry| over the max diagonal entry', () => {
    expect(offDiagonalRatio(fromRows([[4, -1, 0], [-1, 2, 0.5], [0, 0.5, 1]]))).toBe(0.25);
    expect(offDiagonalRatio(fromRows([[1, 0], [0, 9]]))).toBe(0);
    expect(offDiagonalRatio(fromRows([[0, 3], [3, 0]]))).toBeNaN();
  });

  it('measureLayer and layerMetrics name them per layer', () => {
    const H = fromRows([[1, 1, 0, 0], [0, 0, 2, 2]]);
    const layer = measureLayer({ name: 'H1', weightName: 'W1', H, W: fromRows([[1, 0], [0, 1]]) } as never, [2, 2]);
    expect(layerMetrics([layer])).toEqual({ nc1TraceRatioH1: 0, supportOverlapH1: 0, offDiagonalRatioH1: 0 });
  });
});

describe('nccAgreement', () => {
  it('breaks ties to the lowest class index, for the classifier and for the nearest mean', () => {
    // Two samples per class on the line; a zero classifier ties every logit (argmax 0).
    const H = fromRows([[-1, -1, 1, 1]]);
    expect(nccAgreement(mat(2, 1), H, undefined, [2, 2])).toBe(0.5);
    // Means coincide (both 0): every distance ties, nearest mean is class 0; a classifier for class 1 disagrees everywhere.
    const same = fromRows([[-1, 1, -1, 1]]);
    expect(nccAgreement(fromRows([[0], [0]]), same, fromRows([[0], [1]]), [2, 2])).toBe(0);
  });

  it('reads each sample from its own column in every feature row', () => {
    const H = fromRows([[1, 0.9, 0, 0.1], [0, 0.1, 1, 0.9]]);
    const W = fromRows([[1, 0], [0, 1]]);
    expect(nccAgreement(W, H, undefined, [2, 2])).toBe(1);
    // A classifier reading only row 0 assigns every sample with H[0] > H[1] to class 0, others to class 1 — here, all agree; swap rows to disagree.
    expect(nccAgreement(fromRows([[0, 1], [1, 0]]), H, undefined, [2, 2])).toBe(0);
  });
});

describe('degenerate inputs', () => {
  it('the max-angle statistic is undefined when a diagonal entry is 0, even for a non-PSD input', () => {
    expect(maxAngleDeviation(fromRows([[0, 1], [1, 1]]))).toBeNaN();
  });

  it('a layer whose class means coincide but whose samples spread has undefined ÑC1', () => {
    const f = featureMeasures(fromRows([[1, -1, 2, -2]]), [2, 2]);
    expect(f.withinClassTrace).toBeGreaterThan(0);
    expect(f.betweenClassTrace).toBe(0);
    expect(f.nc1TraceRatio).toBeNaN();
  });
});

describe('marginSummary', () => {
  it('sorts before taking order statistics; median of odd and even counts; cv only for a positive mean', () => {
    expect(marginSummary([3, -1, 2])).toEqual({ min: -1, median: 2, mean: 4 / 3, sd: Math.sqrt(((3 - 4 / 3) ** 2 + (-1 - 4 / 3) ** 2 + (2 - 4 / 3) ** 2) / 3), cv: Math.sqrt(((3 - 4 / 3) ** 2 + (-1 - 4 / 3) ** 2 + (2 - 4 / 3) ** 2) / 3) / (4 / 3), positive: 2 / 3 });
    expect(marginSummary([4, 1, 3, 2]).median).toBe(2.5);
    expect(marginSummary([10, 1, 3, 2, 5, 4]).median).toBe(3.5);
    // Mean exactly 0: cv undefined; a zero margin is not positive (a tie counts wrong).
    expect(marginSummary([-1, 0, 1])).toMatchObject({ mean: 0, cv: NaN, positive: 1 / 3 });
    expect(marginSummary([])).toEqual({ min: NaN, median: NaN, mean: NaN, sd: NaN, cv: NaN, positive: NaN });
    expect(marginSummary(new Float64Array([2, 1])).min).toBe(1);
  });
});

describe('measure(): the equinorm statistic of the centered class means', () => {
  it('is std/mean of the centered mean norms, computed by hand for K = 3', () => {
    // Class means (3,0), (0,0), (0,0); global mean (1,0); centered means (2,0), (-1,0), (-1,0):
    // norms 2, 1, 1 — mean 4/3, variance ((2/3)² + 2·(1/3)²)/3 = 2/9, so std/mean = (√2/3)/(4/3) = √2/4.
    const H = fromRows([[3, 3, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]);
    const m = measure({ W: fromRows([[1, 0], [0, 1], [1, 1]]), H, classSizes: [2, 2, 2] }, 0);
    expect(m.equinormMeans).toBeCloseTo(Math.SQRT2 / 4, 14);
  });
});

describe('relativeRank and stableRank at their edges', () => {
  it('a singular value exactly at rtol · σ_max does not count', () => {
    expect(relativeRank([1, 0.5, 0.25], 0.5)).toBe(1);
    expect(relativeRank([1, 0.5, 0.25], 0.25)).toBe(2);
  });

  it('an empty or zero spectrum has rank 0 and no stable rank; a nonzero one does', () => {
    expect(relativeRank([])).toBe(0);
    expect(relativeRank([2, 1])).toBe(2);
    expect(stableRank([])).toBeNaN();
    expect(stableRank([2, 1])).toBe(1.25);
  });
});

describe('layerGrams', () => {
  it('names each layer’s Grams W_lW_lᵀ, H̄_lᵀH̄_l and W_lH̄_l for the machine interface', () => {
    const a = mat(1, 1, [1]);
    const b = mat(1, 1, [2]);
    const c = mat(1, 1, [3]);
    const grams = layerGrams([{ name: 'H1', weightName: 'W2', WWt: a, HbarTHbar: b, WHbar: c } as unknown as Parameters<typeof layerGrams>[0][number]]);
    expect(grams).toEqual({ W2W2t: a, H1barTH1bar: b, W2H1bar: c });
    expect(layerGrams([])).toEqual({});
  });
});

