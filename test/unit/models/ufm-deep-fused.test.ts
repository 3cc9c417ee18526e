// The fused deep-UFM kernel promises the per-kernel path's results bit for bit
// (src/models/ufm-deep-fused.ts), so that switching to it changes no verdict,
// margin or counterexample. The oracle is the per-kernel path itself, run on
// cpu-f64: for the objective, Objective.lossAndGradient; for training, the
// same model with its fused kernel taken away (blockSpace + per-kernel
// objective, the path every run took before the kernel existed).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { ceUfm } from '../../../src/models/ufm-ce.ts';
import { deepLinearCeUfm, deepLinearUfm, deepReluUfm } from '../../../src/models/ufm-deep.ts';
import type { Model } from '../../../src/models/model.ts';
import { createRng } from '../../../src/random/rng.ts';
import type { Regime } from '../../../src/regime/regime.ts';
import { packBlocks, randomInit, trainRestarts, type TrainedRestart } from '../../../src/train/train.ts';

const deepRegimes: fc.Arbitrary<Regime> = fc
  .record({
    K: fc.integer({ min: 2, max: 4 }),
    sizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
    d: fc.integer({ min: 1, max: 9 }),
    L: fc.integer({ min: 1, max: 4 }),
    lambdas: fc.array(fc.double({ min: 1e-3, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
    bias: fc.constantFrom<number | undefined>(undefined, 0, 0.4),
  })
  .map(({ K, sizes, d, L, lambdas, bias }) => {
    const r: Record<string, number | number[]> = { K, classSizes: sizes.slice(0, K), d, L, lambdaH: lambdas[0] };
    for (let l = 1; l <= L; l++) r[`lambdaW${l}`] = lambdas[l];
    if (bias !== undefined) r.lambdaB = bias;
    return r as Regime;
  });

/** ufm-ce (ZDZ+21): the one-layer cross-entropy case, on its own block order [W | H | b]. */
const ceRegimes: fc.Arbitrary<Regime> = fc
  .record({
    K: fc.integer({ min: 2, max: 5 }),
    sizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 5, maxLength: 5 }),
    d: fc.integer({ min: 1, max: 9 }),
    lambdas: fc.array(fc.double({ min: 1e-4, max: 0.5, noNaN: true }), { minLength: 2, maxLength: 2 }),
    bias: fc.constantFrom<number | undefined>(undefined, 0, 0.05),
  })
  .map(({ K, sizes, d, lambdas, bias }) => ({ K, classSizes: sizes.slice(0, K), d, lambdaW: lambdas[0], lambdaH: lambdas[1], ...(bias === undefined ? {} : { lambdaB: bias }) }) as Regime);

const MODELS: { model: Model; regimes: fc.Arbitrary<Regime> }[] = [
  { model: deepReluUfm, regimes: deepRegimes },
  { model: deepLinearUfm, regimes: deepRegimes },
  { model: deepLinearCeUfm, regimes: deepRegimes },
  { model: ceUfm, regimes: ceRegimes },
];
const byId = MODELS.map((m) => [m.model.id, m] as const);

/** The model with its fused kernel removed: trainers fall back to the per-kernel path. */
function perKernel(model: Model): Model {
  return {
    ...model,
    objective: (backend, regime) => ({ ...model.objective(backend, regime), flat: undefined }),
  };
}

/** Bit patterns, so that -0 vs +0 and NaN payloads count as differences too. */
const bits = (x: Float64Array | number[]): string => Buffer.from(Float64Array.from(x).buffer).toString('hex');

describe('fused deep-UFM kernel (ufm-deep-fused.ts)', () => {
  it.each(byId)('%s: loss and gradient are bit-identical to the per-kernel path on cpu-f64', (_id, { model, regimes }) => {
    fc.assert(
      fc.property(regimes, fc.integer(), fc.double({ min: 0, max: 0.5, noNaN: true }), (regime, seed, sparsity) => {
        const rng = createRng(seed);
        // Exact zeros (and negative zeros) in every block exercise the zero-skipping of cpu-f64's products.
        const params = randomInit(model, regime, rng, 0.8).map((m) => {
          for (let i = 0; i < m.data.length; i++) if (rng.uniform() < sparsity) m.data[i] = rng.uniform() < 0.5 ? 0 : -0;
          return m;
        });
        const objective = model.objective(cpuF64, regime);
        const flat = objective.flat;
        expect(flat?.blockOrder).toBe(true);
        const reference = objective.lossAndGradient(params);
        const x = packBlocks(params);
        expect(flat!.size).toBe(x.length);
        const g = new Float64Array(x.length).fill(Number.NaN);
        const loss = flat!.evaluate(x, g);
        expect(bits([loss])).toBe(bits([reference.loss]));
        expect(bits(g)).toBe(bits(packBlocks(reference.gradient)));
        // A second evaluation on the reused workspace gives the same bits.
        const g2 = new Float64Array(x.length);
        expect(bits([flat!.evaluate(x, g2)])).toBe(bits([loss]));
        expect(bits(g2)).toBe(bits(g));
      }),
      { numRuns: 80 },
    );
  });

  it('is offered on float64 backends only', () => {
    const regime = { K: 2, n: 1, d: 3, L: 2, lambdaH: 0.1, lambdaW1: 0.1, lambdaW2: 0.1 };
    expect(deepReluUfm.objective(cpuF64, regime).flat?.size).toBe(3 * 2 + 3 * 3 + 2 * 3);
    expect(deepReluUfm.objective({ ...cpuF64, dtype: 'float32' }, regime).flat).toBeUndefined();
  });

  // Training end to end: the fused kernel in the block-order flat space against the per-kernel path in the
  // block space, on regimes of the theorems that use these models (SML23, TB22-R, TB22-E, GK) and random ones.
  const trained = (model: Model, regime: Regime, seed: number, maxIterations: number): TrainedRestart[] =>
    trainRestarts(cpuF64, model, regime, {
      optimizer: 'lbfgs',
      gradientTolerance: 1e-10,
      maxIterations,
      initScale: 0.5,
      initScales: [0.3, 1],
      restarts: 2,
      seed,
      traceEvery: 7,
    });
  const summary = (runs: TrainedRestart[]) =>
    runs.map((r) => ({
      status: r.status,
      reason: r.reason,
      iterations: r.iterations,
      evaluations: r.evaluations,
      loss: bits([r.loss]),
      gradNorm: bits([r.gradNorm]),
      params: r.params.map((m) => `${m.rows}x${m.cols}:${bits(m.data)}`),
      trace: r.trace.map((p) => `${p.iteration}:${bits([p.loss, p.gradNorm])}`),
    }));

  it.each([
    ['SML23-like', deepReluUfm, { K: 2, n: 2, d: 16, L: 3, lambdaH: 0.01, lambdaW1: 0.008, lambdaW2: 0.012, lambdaW3: 0.02 }],
    ['TB22-R-like', deepReluUfm, { K: 3, n: 1, d: 25, L: 2, lambdaH: 0.02, lambdaW1: 0.01, lambdaW2: 0.04 }],
    ['TB22-E-like (bias)', deepLinearUfm, { K: 3, classSizes: [1, 2, 3], d: 4, L: 2, lambdaH: 0.05, lambdaW1: 0.02, lambdaW2: 0.03, lambdaB: 0 }],
    ['GK-like', deepLinearCeUfm, { K: 3, n: 2, d: 5, L: 3, lambdaH: 0.005, lambdaW1: 0.005, lambdaW2: 0.005, lambdaW3: 0.005 }],
    ['ZDZ+21-like (bias)', ceUfm, { K: 4, n: 2, d: 5, lambdaW: 0.005, lambdaH: 0.01, lambdaB: 0 }],
  ] as [string, Model, Regime][])('%s: training is bit-identical to the per-kernel path (every iterate, trace and endpoint)', (_name, model, regime) => {
    expect(summary(trained(model, regime, 11, 300))).toEqual(summary(trained(perKernel(model), regime, 11, 300)));
  });

  it.each(byId)('%s: training is bit-identical to the per-kernel path on random regimes', (_id, { model, regimes }) => {
    fc.assert(
      fc.property(regimes, fc.integer({ min: 1, max: 1e6 }), (regime, seed) => {
        expect(summary(trained(model, regime, seed, 60))).toEqual(summary(trained(perKernel(model), regime, seed, 60)));
      }),
      { numRuns: 12 },
    );
  });
});
