import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { fromRows } from '../../../src/linalg/matrix.ts';
import { ceUfm } from '../../../src/models/ufm-ce.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { zhouMseUfm } from '../../../src/models/ufm-mse-zhou.ts';
import { createRng } from '../../../src/random/rng.ts';
import type { Regime } from '../../../src/regime/regime.ts';
import { randomInit } from '../../../src/train/train.ts';
import { expectGradientMatchesFiniteDifferences } from './finite-differences.ts';

const regimes: fc.Arbitrary<Regime> = fc
  .record({
    K: fc.integer({ min: 2, max: 4 }),
    d: fc.integer({ min: 1, max: 4 }),
    lambdaW: fc.double({ min: 1e-3, max: 1, noNaN: true }),
    lambdaH: fc.double({ min: 1e-3, max: 1, noNaN: true }),
    bias: fc.constantFrom<number | undefined>(undefined, 0, 0.3),
    sizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
    balanced: fc.boolean(),
  })
  .map(({ K, d, lambdaW, lambdaH, bias, sizes, balanced }) => {
    const r: Record<string, unknown> = balanced ? { K, n: sizes[0], d, lambdaW, lambdaH } : { K, classSizes: sizes.slice(0, K), d, lambdaW, lambdaH };
    if (bias !== undefined) r.lambdaB = bias;
    return r as Regime;
  });

describe('ufm-ce', () => {
  it('analytic gradients match central finite differences', () => {
    fc.assert(
      fc.property(regimes, fc.integer(), (regime, seed) => {
        expectGradientMatchesFiniteDifferences(ceUfm, regime, randomInit(ceUfm, regime, createRng(seed), 1));
      }),
      { numRuns: 30 },
    );
  });

  it('evaluates cross-entropy by hand: zero logits cost log K per sample', () => {
    const regime = { K: 3, n: 1, d: 1, lambdaW: 0.1, lambdaH: 0.2 };
    const W = fromRows([[0], [0], [0]]);
    const H = fromRows([[1, 2, 3]]);
    expect(ceUfm.objective(cpuF64, regime).loss([W, H])).toBeCloseTo(Math.log(3) + 0.1 * 14, 14);
    // one-hot logits of size 1: CE = log(e + 2) − 1 per sample.
    const W2 = fromRows([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    const H2 = fromRows([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(ceUfm.objective(cpuF64, { ...regime, d: 3 }).loss([W2, H2])).toBeCloseTo(Math.log(Math.E + 2) - 1 + 0.05 * 3 + 0.1 * 3, 14);
  });

  it('rejects bad regimes with the parameter named', () => {
    expect(() => ceUfm.checkRegime({ K: 2, n: 1, d: 2, lambdaW: 0, lambdaH: 1 })).toThrow(/regime\.lambdaW/);
    expect(() => ceUfm.checkRegime({ K: 2, n: 1, classSizes: [1, 1], d: 2, lambdaW: 1, lambdaH: 1 })).toThrow(/either n or classSizes/);
  });
});

describe('ufm-mse-zhou (ufm-mse through the §1.3 conversion)', () => {
  it('has the same objective value and gradient as ufm-mse at λ_W^TB = K λ_W, λ_H^TB = N λ_H, λ_b^TB = K λ_b', () => {
    fc.assert(
      fc.property(regimes, fc.integer(), (regime, seed) => {
        const params = randomInit(zhouMseUfm, regime, createRng(seed), 1);
        const r = regime as Record<string, number | number[]>;
        const N = Array.isArray(r.classSizes) ? r.classSizes.reduce((s, v) => s + v, 0) : (r.K as number) * (r.n as number);
        // The Zhou objective written out directly: 1/(2N)||WH + b1^T − Y||² + λ_W/2||W||² + λ_H/2||H||² + λ_b/2||b||².
        const tb = { ...regime, lambdaW: (r.K as number) * (r.lambdaW as number), lambdaH: N * (r.lambdaH as number) } as Record<string, unknown>;
        if (r.lambdaB !== undefined) tb.lambdaB = (r.K as number) * (r.lambdaB as number);
        const zhou = zhouMseUfm.objective(cpuF64, regime).loss(params);
        const fit = mseUfm.objective(cpuF64, { ...tb, lambdaW: 1e-300, lambdaH: 1e-300, ...(r.lambdaB === undefined ? {} : { lambdaB: 0 }) } as Regime).loss(params);
        const sq = (i: number) => params[i].data.reduce((s, v) => s + v * v, 0);
        const direct = fit + ((r.lambdaW as number) / 2) * sq(0) + ((r.lambdaH as number) / 2) * sq(1) + (r.lambdaB === undefined ? 0 : ((r.lambdaB as number) / 2) * sq(2));
        expect(zhou).toBeCloseTo(direct, 12);
        expect(zhou).toBe(mseUfm.objective(cpuF64, tb as Regime).loss(params));
        expectGradientMatchesFiniteDifferences(zhouMseUfm, regime, params);
      }),
      { numRuns: 15 },
    );
  });

  it('rejects regimes in its own keys, naming the parameter', () => {
    expect(() => zhouMseUfm.checkRegime({ K: 2, n: 1, d: 2, lambdaW: -1, lambdaH: 1 })).toThrow(/regime\.lambdaW/);
    expect(zhouMseUfm.certify!({ K: 3, n: 2, d: 4, lambdaW: 0.01, lambdaH: 0.01 })!.loss).toBeGreaterThan(0);
  });
});
