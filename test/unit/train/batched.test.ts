import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { loadWasmBackend } from '../../../src/backend/tfjs/wasm.ts';
import { mat, maxAbs, sub } from '../../../src/linalg/matrix.ts';
import { measure } from '../../../src/measure/measurements.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { createRng } from '../../../src/random/rng.ts';
import { allowance, resolveTolerance } from '../../../src/theorem/tolerance.ts';
import { DEFAULT_TRAIN_OPTIONS, randomInit, restartSeed, trainFrom } from '../../../src/train/train.ts';

const wasm = await loadWasmBackend();
const shape = { K: 3, classSizes: [2, 2, 2], d: 4 };
const lambdas = [
  [0.01, 0.01],
  [0.1, 0.4],
  [0.05, 0.02],
];
const regimeOf = ([lambdaW, lambdaH]: number[]) => ({ K: 3, n: 2, d: 4, lambdaW, lambdaH });

describe('batched training on tfjs (one tensor program for many regimes)', () => {
  it('agrees regime by regime with unbatched float64 training within float32 tolerance', async () => {
    const items = lambdas.map((l) => ({
      lambdaW: l[0],
      lambdaH: l[1],
      init: randomInit(mseUfm, regimeOf(l), createRng(restartSeed(1, regimeOf(l), 0)), 0.5),
    }));
    const before = tf.memory().numTensors;
    const batched = await wasm.trainBatched(shape, items, { gradientTolerance: 1e-13, maxIterations: 20000 });
    expect(tf.memory().numTensors).toBe(before);
    batched.forEach((r, i) => {
      const regime = regimeOf(lambdas[i]);
      const single = trainFrom(cpuF64, mseUfm, regime, DEFAULT_TRAIN_OPTIONS, items[i].init);
      expect(r.status).toBe('converged');
      expect(r.reason).toMatch(/batched, float32/);
      expect(Math.abs(r.loss - single.loss)).toBeLessThanOrEqual(allowance(resolveTolerance('loss', 'float32'), single.loss));
      const mb = measure(mseUfm.view(regime, r.params), r.loss, {});
      const ms = measure(mseUfm.view(regime, single.params), single.loss, {});
      const gram = resolveTolerance('gram', 'float32');
      expect(maxAbs(sub(mb.WWt, ms.WWt))).toBeLessThanOrEqual(allowance(gram, maxAbs(ms.WWt)));
      expect(maxAbs(sub(mb.HbarTHbar, ms.HbarTHbar))).toBeLessThanOrEqual(allowance(gram, maxAbs(ms.HbarTHbar)));
    });
  });

  it('keeps per-regime bookkeeping: one regime diverges or runs out of budget without stopping the others', async () => {
    const good = { lambdaW: 0.1, lambdaH: 0.4, init: randomInit(mseUfm, regimeOf([0.1, 0.4]), createRng(3), 0.5) };
    const bad = { lambdaW: 0.1, lambdaH: 0.4, init: [mat(3, 4, new Array(12).fill(Number.NaN)), mat(4, 6)] };
    const slow = { lambdaW: 0.01, lambdaH: 0.01, init: randomInit(mseUfm, regimeOf([0.01, 0.01]), createRng(4), 0.5) };
    const [g, b, s] = await wasm.trainBatched(shape, [good, bad, slow], { gradientTolerance: 1e-13, maxIterations: 100 });
    expect(g.status).toBe('converged');
    expect(b.status).toBe('diverged');
    expect(s.status).toBe('budget-exhausted');
    expect(s.iterations).toBe(100);
  });
});
