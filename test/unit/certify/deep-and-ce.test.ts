// The deep-linear and cross-entropy certificates against the reference numbers
// of docs/theorems.md §9 (computed there by plain gradient descent), and
// against training through the model.
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { certifyCeUfm } from '../../../src/certify/ce-nuclear-norm.ts';
import { certifyDeepLinear, minimizeSchattenScalar } from '../../../src/certify/deep-linear-schatten.ts';
import { ceUfm } from '../../../src/models/ufm-ce.ts';
import { deepLinearUfm } from '../../../src/models/ufm-deep.ts';

describe('deep-linear Schatten certificate', () => {
  it('reproduces §9: TB22-E L* = 0.0149498320 (λ = 0.01³) and 0.2979244604 (λ = 0.1, 0.2, 0.5), with bias 0.1986163069', () => {
    expect(certifyDeepLinear({ classSizes: [2, 2, 2], d: 4, lambdaW: [0.01, 0.01], lambdaH: 0.01 })!.loss).toBeCloseTo(0.014949832, 9);
    expect(certifyDeepLinear({ classSizes: [2, 2, 2], d: 8, lambdaW: [0.2, 0.1], lambdaH: 0.5 })!.loss).toBeCloseTo(0.2979244604, 10);
    expect(certifyDeepLinear({ classSizes: [2, 2, 2], d: 8, lambdaW: [0.2, 0.1], lambdaH: 0.5, lambdaB: 0 })!.loss).toBeCloseTo(0.1986163069, 10);
    expect(certifyDeepLinear({ classSizes: [2, 2, 2], d: 8, lambdaW: [0.2, 0.1], lambdaH: 0.5, lambdaB: 1 })).toBeUndefined();
  });

  it('its minimizer has the certified loss through the model, and is a critical point', () => {
    for (const regime of [
      { K: 3, n: 2, d: 8, L: 2, lambdaH: 0.5, lambdaW1: 0.2, lambdaW2: 0.1 },
      { K: 4, classSizes: [3, 1, 2, 5], d: 3, L: 3, lambdaH: 0.05, lambdaW1: 0.02, lambdaW2: 0.1, lambdaW3: 0.05, lambdaB: 0 },
    ]) {
      const cert = deepLinearUfm.certify!(regime)!;
      const { loss, gradient } = deepLinearUfm.objective(cpuF64, regime).lossAndGradient(cert.minimizer);
      expect(Math.abs(loss - cert.loss)).toBeLessThan(1e-14);
      for (const g of gradient) for (const v of g.data) expect(Math.abs(v)).toBeLessThan(1e-12);
    }
  });

  it('minimizes the 1-D problem globally: soft-thresholding for m = 2, the jump to 0 for m ≥ 3', () => {
    expect(minimizeSchattenScalar(1, 0.3, 2).t).toBeCloseTo(0.7, 15);
    expect(minimizeSchattenScalar(1, 1.3, 2).t).toBe(0);
    // m = 3, c = 0.38 < 2^{-4/3}: nonzero (t = 0.5306, §3); c = 0.42: the nonzero local minimum loses to 0.
    expect(minimizeSchattenScalar(1, 0.38, 3).t).toBeCloseTo(0.5306, 4);
    expect(minimizeSchattenScalar(1, 0.42, 3).t).toBe(0);
    expect(minimizeSchattenScalar(0, 0.1, 3).t).toBe(0);
    // exactly at c_3 = 2^{-4/3} the two minima tie.
    expect(minimizeSchattenScalar(1, 2 ** (-4 / 3), 3).unique).toBe(false);
  });
});

describe('cross-entropy certificate', () => {
  it('reproduces §4/§9: ZDZ+21 L* = 0.1483317470, 0.50556111, 1.07659629 with duality gaps below 1e-13', () => {
    for (const [lambda, expected] of [[0.01, 0.148331747], [0.05, 0.50556111], [0.2, 1.07659629]] as const) {
      const cert = certifyCeUfm({ classSizes: [2, 2, 2], d: 4, lambdaW: lambda, lambdaH: lambda, lambdaB: lambda })!;
      expect(cert.loss).toBeCloseTo(expected, 8);
      expect(cert.method).toMatch(/duality gap/);
    }
  });

  it('is evaluated through the model at its minimizer, is a critical point, and refuses free biases and d too small', () => {
    const regime = { K: 4, classSizes: [3, 1, 2, 2], d: 4, lambdaW: 0.01, lambdaH: 0.03 };
    const cert = ceUfm.certify!(regime)!;
    const { loss, gradient } = ceUfm.objective(cpuF64, regime).lossAndGradient(cert.minimizer);
    expect(Math.abs(loss - cert.loss)).toBeLessThan(1e-12);
    for (const g of gradient) for (const v of g.data) expect(Math.abs(v)).toBeLessThan(1e-6);
    expect(ceUfm.certify!({ ...regime, lambdaB: 0 })).toBeUndefined();
    expect(ceUfm.certify!({ ...regime, d: 1 })).toBeUndefined();
  });
});
