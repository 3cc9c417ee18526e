import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { fromRows, mat, matmul } from '../../../src/linalg/matrix.ts';
import { deepLinearCeUfm, deepLinearUfm, deepReluUfm } from '../../../src/models/ufm-deep.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { measure } from '../../../src/measure/measurements.ts';
import { createRng } from '../../../src/random/rng.ts';
import type { Regime } from '../../../src/regime/regime.ts';
import { randomInit } from '../../../src/train/train.ts';
import { expectGradientMatchesFiniteDifferences } from './finite-differences.ts';

const regimes: fc.Arbitrary<Regime> = fc
  .record({
    K: fc.integer({ min: 2, max: 3 }),
    n: fc.integer({ min: 1, max: 2 }),
    d: fc.integer({ min: 1, max: 4 }),
    L: fc.integer({ min: 1, max: 4 }),
    lambdas: fc.array(fc.double({ min: 1e-3, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
    bias: fc.constantFrom<number | undefined>(undefined, 0, 0.4),
  })
  .map(({ K, n, d, L, lambdas, bias }) => {
    const r: Record<string, number> = { K, n, d, L, lambdaH: lambdas[0] };
    for (let l = 1; l <= L; l++) r[`lambdaW${l}`] = lambdas[l];
    if (bias !== undefined) r.lambdaB = bias;
    return r as Regime;
  });

describe('ufm-deep-linear and ufm-deep-relu', () => {
  it.each([deepLinearUfm, deepReluUfm, deepLinearCeUfm])('$id: analytic gradients match central finite differences', (model) => {
    fc.assert(
      fc.property(regimes, fc.integer(), (regime, seed) => {
        const params = randomInit(model, regime, createRng(seed), 0.8);
        // ReLU is not differentiable at 0: a pre-activation within the finite-difference step of a
        // kink makes the central difference average two one-sided slopes. Such points are skipped.
        const layers = model.view(regime, params).layers!;
        const nearKink = layers.slice(0, -1).some((l) => matmul(l.W, l.H).data.some((x) => Math.abs(x) < 1e-4));
        fc.pre(model !== deepReluUfm || !nearKink);
        expectGradientMatchesFiniteDifferences(model, regime, params);
      }),
      { numRuns: 25 },
    );
  });

  it('with one layer both are ufm-mse (λ_W = λ_W1): same loss and gradient at random points', () => {
    fc.assert(
      fc.property(regimes, fc.integer(), (raw, seed) => {
        const regime = { ...raw, L: 1 } as Record<string, unknown>;
        for (let l = 2; l <= 4; l++) delete regime[`lambdaW${l}`];
        const mse = { K: regime.K, n: regime.n, d: regime.d, lambdaW: regime.lambdaW1, lambdaH: regime.lambdaH, lambdaB: regime.lambdaB } as Regime;
        const [W, H, b] = randomInit(mseUfm, mse, createRng(seed), 1);
        const deepParams = b === undefined ? [H, W] : [H, W, b];
        for (const model of [deepLinearUfm, deepReluUfm]) {
          expect(model.objective(cpuF64, regime as Regime).loss(deepParams)).toBeCloseTo(mseUfm.objective(cpuF64, mse).loss(b === undefined ? [W, H] : [W, H, b]), 12);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('ufm-deep-linear-ce with one layer is ufm-ce (Zhu normalization): same loss at random points', async () => {
    const { ceUfm } = await import('../../../src/models/ufm-ce.ts');
    const regime = { K: 3, n: 2, d: 4, L: 1, lambdaH: 0.02, lambdaW1: 0.05 };
    const [H, W] = randomInit(deepLinearCeUfm, regime, createRng(5), 1);
    expect(deepLinearCeUfm.objective(cpuF64, regime).loss([H, W])).toBeCloseTo(ceUfm.objective(cpuF64, { K: 3, n: 2, d: 4, lambdaW: 0.05, lambdaH: 0.02 }).loss([W, H]), 13);
    expect(deepLinearCeUfm.blocks(regime).map((b) => b.metric)).toEqual([6, 1]);
    expect(deepLinearCeUfm.certify).toBeUndefined();
  });

  it('applies the ReLU between layers: a hand-computed two-layer example', () => {
    // K = 2, n = 1, d = 1: H1 = [1, −1], W1 = [2] → X = [2, −2], ReLU → [2, 0]; W2 = [1; 0] → out [[2, 0], [0, 0]].
    const regime = { K: 2, n: 1, d: 1, L: 2, lambdaH: 0.1, lambdaW1: 0.2, lambdaW2: 0.3 };
    const params = [fromRows([[1, -1]]), fromRows([[2]]), fromRows([[1], [0]])];
    // residual [[1, 0], [0, −1]] → fit 2/(2·2) = 0.5; penalties 0.1/4·2 + 0.2/4·4 + 0.3/4·1.
    const penalty = (0.1 / 4) * 2 + (0.2 / 4) * 4 + (0.3 / 4) * 1;
    expect(deepReluUfm.objective(cpuF64, regime).loss(params)).toBeCloseTo(0.5 + penalty, 14);
    // linear: out [[2, −2], [0, 0]] → residual [[1, −2], [0, −1]] → fit 6/4.
    expect(deepLinearUfm.objective(cpuF64, regime).loss(params)).toBeCloseTo(1.5 + penalty, 14);
    const view = deepReluUfm.view(regime, params);
    expect(Array.from(view.H.data)).toEqual([2, 0]);
    expect(view.layers?.map((l) => [l.name, l.weightName])).toEqual([['H1', 'W1'], ['H2', 'W2']]);
  });

  it('names blocks from the features upward and measures every layer', () => {
    const regime = { K: 3, n: 2, d: 4, L: 3, lambdaH: 0.1, lambdaW1: 0.1, lambdaW2: 0.1, lambdaW3: 0.1, lambdaB: 0 };
    expect(deepLinearUfm.blocks(regime).map((b) => [b.name, b.rows, b.cols, b.metric])).toEqual([
      ['H1', 4, 6, 6],
      ['W1', 4, 4, 3],
      ['W2', 4, 4, 3],
      ['W3', 3, 4, 3],
      ['b', 3, 1, 1],
    ]);
    const params = randomInit(deepLinearUfm, regime, createRng(3), 1);
    const m = measure(deepLinearUfm.view(regime, params), 0);
    expect(m.layers?.map((l) => l.name)).toEqual(['H1', 'H2', 'H3']);
    expect(m.layers?.[2].WHbar.data).toEqual(m.WHbar.data);
  });

  it('balancedness vanishes at the certified minimizer and not at random points', () => {
    const regime = { K: 3, n: 2, d: 5, L: 3, lambdaH: 0.05, lambdaW1: 0.1, lambdaW2: 0.2, lambdaW3: 0.05 };
    const cert = deepLinearUfm.certify!(regime)!;
    expect(deepLinearUfm.criticalPointResiduals(regime, cert.minimizer).balancedness).toBeLessThan(1e-12);
    expect(deepLinearUfm.criticalPointResiduals(regime, randomInit(deepLinearUfm, regime, createRng(1), 1)).balancedness).toBeGreaterThan(0.01);
    expect(deepReluUfm.criticalPointResiduals(regime, randomInit(deepReluUfm, regime, createRng(1), 1)).balancedness).toBeGreaterThan(0.01);
    expect(deepLinearUfm.criticalPointResiduals(regime, deepLinearUfm.blocks(regime).map((b) => mat(b.rows, b.cols))).balancedness).toBe(0);
  });

  it('rejects layer weights that do not match L, naming the parameter', () => {
    const base = { K: 2, n: 1, d: 2, lambdaH: 0.1, lambdaW1: 0.1 };
    expect(() => deepLinearUfm.checkRegime({ ...base, L: 2 })).toThrow(/regime\.lambdaW2: expected a finite number > 0 \(the model has L = 2 layers\)/);
    expect(() => deepLinearUfm.checkRegime({ ...base, L: 1, lambdaW3: 0.1 })).toThrow(/regime\.lambdaW3: expected nothing/);
    expect(() => deepLinearUfm.checkRegime({ ...base, L: 9 })).toThrow(/regime\.L/);
    expect(() => deepLinearUfm.checkRegime({ ...base, L: 1, n: 1, classSizes: [1, 2] })).toThrow(/either n or classSizes/);
    expect(deepReluUfm.certify).toBeUndefined();
  });
});
