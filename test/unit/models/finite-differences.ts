// Central finite differences of a model's objective, coordinate by coordinate:
// the reference every analytic gradient is checked against.
import { expect } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { mat, type Mat } from '../../../src/linalg/matrix.ts';
import type { Model } from '../../../src/models/model.ts';
import type { Regime } from '../../../src/regime/regime.ts';

export function finiteDifferenceGradient(model: Model, regime: Regime, params: Mat[], h = 1e-6): Mat[] {
  const objective = model.objective(cpuF64, regime);
  return params.map((block, b) => {
    const g = mat(block.rows, block.cols);
    for (let i = 0; i < block.data.length; i++) {
      const plus = params.map((p) => mat(p.rows, p.cols, p.data));
      const minus = params.map((p) => mat(p.rows, p.cols, p.data));
      plus[b].data[i] += h;
      minus[b].data[i] -= h;
      g.data[i] = (objective.loss(plus) - objective.loss(minus)) / (2 * h);
    }
    return g;
  });
}

export function expectGradientMatchesFiniteDifferences(model: Model, regime: Regime, params: Mat[], rtol = 1e-7): void {
  const { gradient } = model.objective(cpuF64, regime).lossAndGradient(params);
  const numeric = finiteDifferenceGradient(model, regime, params);
  expect(gradient.length).toBe(numeric.length);
  gradient.forEach((g, b) => {
    g.data.forEach((v, i) => expect(Math.abs(v - numeric[b].data[i])).toBeLessThan(rtol * Math.max(1, Math.abs(v))));
  });
}
