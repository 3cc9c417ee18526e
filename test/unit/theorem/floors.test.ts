import { describe, expect, it } from 'vitest';
import { lossScale, relativeResidual } from '../../../src/theorem/floors.ts';

describe('relativeResidual: relative, with an absolute floor at the quantity scale', () => {
  it('two zeros (or two round-offs) never fail', () => {
    expect(relativeResidual(0, 0, 0.375)).toBe(0);
    expect(relativeResidual(1e-15, 1e-30, 0.375)).toBeLessThan(1e-14);
  });
  it('two tiny numbers never pass a real discrepancy: it is measured against the floor, not against themselves', () => {
    // 1e-3 vs 2e-3 on a loss of scale 3/8: off by 1e-3 of the scale, far above any machine tolerance.
    expect(relativeResidual(1e-3, 2e-3, 0.375)).toBeCloseTo(1e-3 / 0.375, 15);
  });
  it('above the floor it is the plain relative residual', () => {
    expect(relativeResidual(2, 1, 0.5)).toBe(0.5);
  });
  it('refuses a floor that is not positive', () => {
    expect(() => relativeResidual(1, 1, 0)).toThrow(RangeError);
  });
  it("the loss scale is TB22's loss at the zero predictor: (K − 1)/(2K) with a free bias, 1/2 without", () => {
    expect(lossScale(4, true)).toBe(3 / 8);
    expect(lossScale(4, false)).toBe(1 / 2);
  });
});
