import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { fromRows, mat } from '../../../src/linalg/matrix.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { getModel, listModels } from '../../../src/models/registry.ts';
import { createRng } from '../../../src/random/rng.ts';
import { randomInit } from '../../../src/train/train.ts';
import type { Regime } from '../../../src/regime/regime.ts';
import { expectGradientMatchesFiniteDifferences } from './finite-differences.ts';

const regimes: fc.Arbitrary<Regime> = fc.record({
  K: fc.integer({ min: 2, max: 4 }),
  d: fc.integer({ min: 1, max: 5 }),
  lambdaW: fc.double({ min: 1e-3, max: 2, noNaN: true }),
  lambdaH: fc.double({ min: 1e-3, max: 2, noNaN: true }),
  bias: fc.constantFrom<(number | undefined)>(undefined, 0, 0.3),
  sizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
  balanced: fc.boolean(),
}).map(({ K, d, lambdaW, lambdaH, bias, sizes, balanced }) => {
  const base: Record<string, number | number[]> = balanced ? { K, n: sizes[0], d, lambdaW, lambdaH } : { K, classSizes: sizes.slice(0, K), d, lambdaW, lambdaH };
  if (bias !== undefined) base.lambdaB = bias;
  return base as Regime;
});

describe('ufm-mse model', () => {
  it('analytic gradients match central finite differences (no bias, free bias, ridge bias; balanced and imbalanced)', () => {
    fc.assert(
      fc.property(regimes, fc.integer(), (regime, seed) => {
        expectGradientMatchesFiniteDifferences(mseUfm, regime, randomInit(mseUfm, regime, createRng(seed), 0.7));
      }),
      { numRuns: 40 },
    );
  });

  it('evaluates the TB22 loss by hand on a tiny example', () => {
    // K = 2, n = 1, d = 1, W = [1; 0], H = [1, 0]: W H − Y = [[0, 0], [0, −1]], fit = 1/(2·2)·1 = 1/4,
    // penalties λ_W/(2K)·1 = 0.1/4, λ_H/(2N)·1 = 0.2/4.
    const regime = { K: 2, n: 1, d: 1, lambdaW: 0.1, lambdaH: 0.2 };
    const loss = mseUfm.objective(cpuF64, regime).loss([fromRows([[1], [0]]), fromRows([[1, 0]])]);
    expect(loss).toBeCloseTo(0.25 + 0.025 + 0.05, 15);
    // with a ridge bias b = [0.5; 0.5], λ_b = 1: residual [[0.5, 0.5], [0.5, −0.5]] → fit 1/4, penalty 1/(2·2)·0.5 = 0.125.
    const withBias = mseUfm.objective(cpuF64, { ...regime, lambdaB: 1 }).loss([fromRows([[1], [0]]), fromRows([[1, 0]]), fromRows([[0.5], [0.5]])]);
    expect(withBias).toBeCloseTo(0.25 + 0.025 + 0.05 + 0.125, 15);
  });

  it('describes its blocks with the per-block metric that undoes the normalization', () => {
    const blocks = mseUfm.blocks({ K: 3, classSizes: [2, 3, 5], d: 4, lambdaW: 1, lambdaH: 1, lambdaB: 3 });
    expect(blocks.map((b) => [b.name, b.rows, b.cols, b.metric])).toEqual([
      ['W', 3, 4, 3],
      ['H', 4, 10, 10],
      ['b', 3, 1, 0.5],
    ]);
  });

  it('balancedness residual vanishes at a balanced point and not elsewhere', () => {
    const regime = { K: 2, n: 1, d: 1, lambdaW: 0.5, lambdaH: 0.5 };
    // (λ_W/K) W^T W = 0.25·2 = 0.5 and (λ_H/N) H H^T = 0.25·2 = 0.5
    expect(mseUfm.criticalPointResiduals(regime, [fromRows([[1], [1]]), fromRows([[1, 1]])]).balancedness).toBeLessThan(1e-15);
    expect(mseUfm.criticalPointResiduals(regime, [fromRows([[2], [0]]), fromRows([[1, 1]])]).balancedness).toBeGreaterThan(0.1);
    expect(mseUfm.criticalPointResiduals(regime, [mat(2, 1), mat(1, 2)]).balancedness).toBe(0);
  });

  it('rejects bad regimes with the parameter named', () => {
    expect(() => mseUfm.checkRegime({ K: 1, n: 2, d: 2, lambdaW: 1, lambdaH: 1 })).toThrow(/regime\.K: expected an integer ≥ 2, got 1/);
    expect(() => mseUfm.checkRegime({ K: 2, n: 2, classSizes: [1, 2], d: 2, lambdaW: 1, lambdaH: 1 })).toThrow(/either n or classSizes/);
    expect(() => mseUfm.checkRegime({ K: 3, classSizes: [1, 2], d: 2, lambdaW: 1, lambdaH: 1 })).toThrow(/length K = 3/);
    expect(() => mseUfm.checkRegime({ K: 2, d: 2, lambdaW: 1, lambdaH: 1 })).toThrow(/regime\.n/);
    expect(() => mseUfm.checkRegime({ K: 2, n: 1, d: 2, lambdaW: -1, lambdaH: 1 })).toThrow(/lambdaW/);
    expect(() => mseUfm.checkRegime({ K: 2, n: 1, d: 2, lambdaW: 1, lambdaH: 1, lambdaB: -0.1 })).toThrow(/lambdaB/);
  });

  it('is registered under its id; unknown ids are usage errors', () => {
    expect(getModel('ufm-mse')).toBe(mseUfm);
    expect(listModels().map((m) => m.id)).toContain('ufm-mse');
    expect(() => getModel('nope')).toThrow(/unknown id "nope"/);
  });
});
