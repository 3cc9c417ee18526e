import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { fromRows, mat, type Mat } from '../../../src/linalg/matrix.ts';
import type { Objective } from '../../../src/models/model.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { minimizeGd } from '../../../src/train/gd.ts';
import { minimizeLbfgs } from '../../../src/train/lbfgs.ts';
import { cubicMinimizer, strongWolfe, sufficientDecreaseTest } from '../../../src/train/line-search.ts';
import { certificateThreshold } from '../../../src/train/outcome.ts';
import { DEFAULT_TRAIN_OPTIONS, randomInit, restartSeed, trainOnce, trainRestarts } from '../../../src/train/train.ts';
import { createRng } from '../../../src/random/rng.ts';

/** f(x) = 1/2 Σ a_i (x_i − t_i)²: minimizer t, minimum 0. */
function quadratic(a: number[], t: number[]): Objective<Mat> {
  const f = (x: Mat) => x.data.reduce((s, v, i) => s + 0.5 * a[i] * (v - t[i]) ** 2, 0);
  return {
    loss: (p) => f(p[0]),
    lossAndGradient: (p) => ({ loss: f(p[0]), gradient: [mat(1, a.length, p[0].data.map((v, i) => a[i] * (v - t[i])))] }),
    dispose: () => undefined,
  };
}

/** Rosenbrock: minimum 0 at (1, 1). */
const rosenbrock: Objective<Mat> = {
  loss: (p) => (1 - p[0].data[0]) ** 2 + 100 * (p[0].data[1] - p[0].data[0] ** 2) ** 2,
  lossAndGradient(p) {
    const [x, y] = p[0].data;
    return {
      loss: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
      gradient: [fromRows([[-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]])],
    };
  },
  dispose: () => undefined,
};

const options = { gradientTolerance: 1e-12, maxIterations: 5000 };

describe('optimizers', () => {
  it('L-BFGS solves an ill-conditioned quadratic and Rosenbrock to the certificate', () => {
    const q = minimizeLbfgs(cpuF64, quadratic([1, 100, 1e4], [1, -2, 3]), [mat(1, 3)], [1], options);
    expect(q.status).toBe('converged');
    expect(Array.from(q.params[0].data).map((v) => v.toFixed(9))).toEqual(['1.000000000', '-2.000000000', '3.000000000']);
    const r = minimizeLbfgs(cpuF64, rosenbrock, [fromRows([[-1.2, 1]])], [1], options);
    expect(r.status).toBe('converged');
    expect(r.params[0].data[0]).toBeCloseTo(1, 8);
    expect(r.params[0].data[1]).toBeCloseTo(1, 8);
    expect(r.gradNorm).toBeLessThanOrEqual(certificateThreshold(1e-12, r.loss));
    expect(r.trace[0].iteration).toBe(0);
  });

  it('gradient descent with backtracking converges on the quadratic and never increases the loss', () => {
    const q = minimizeGd(cpuF64, quadratic([1, 10], [2, 3]), [mat(1, 2)], [1], { ...options, traceEvery: 1 });
    expect(q.status).toBe('converged');
    expect(q.params[0].data[0]).toBeCloseTo(2, 10);
    for (let i = 1; i < q.trace.length; i++) expect(q.trace[i].loss).toBeLessThanOrEqual(q.trace[i - 1].loss + 1e-15);
  });

  it('trace a run that converges within traceEvery iterations through its descent, not by its two endpoints', () => {
    // Rosenbrock from (−1.2, 1): L-BFGS needs a few dozen iterations, fewer than traceEvery = 50.
    const r = minimizeLbfgs(cpuF64, rosenbrock, [fromRows([[-1.2, 1]])], [1], { ...options, traceEvery: 50 });
    expect(r.status).toBe('converged');
    expect(r.iterations).toBeLessThan(50);
    const iterations = r.trace.map((p) => p.iteration);
    expect(iterations.slice(0, 5)).toEqual([0, 1, 2, 4, 8]);
    expect(iterations.at(-1)).toBe(r.iterations);
    const g = minimizeGd(cpuF64, quadratic([1, 10], [2, 3]), [mat(1, 2)], [1], { ...options, traceEvery: 1000 });
    expect(g.trace.map((p) => p.iteration).slice(0, 4)).toEqual([0, 1, 2, 4]);
  });

  it('reports budget exhaustion as an outcome, not a crash', () => {
    const r = minimizeGd(cpuF64, rosenbrock, [fromRows([[-1.2, 1]])], [1], { gradientTolerance: 1e-12, maxIterations: 10 });
    expect(r.status).toBe('budget-exhausted');
    expect(r.reason).toMatch(/iteration budget 10/);
    const l = minimizeLbfgs(cpuF64, rosenbrock, [fromRows([[-1.2, 1]])], [1], { gradientTolerance: 1e-12, maxIterations: 3 });
    expect(l.status).toBe('budget-exhausted');
  });

  it('catches NaN/Inf as a diverged outcome instead of throwing', () => {
    const nan: Objective<Mat> = {
      loss: () => NaN,
      lossAndGradient: (p) => ({ loss: NaN, gradient: [p[0]] }),
      dispose: () => undefined,
    };
    expect(minimizeLbfgs(cpuF64, nan, [mat(1, 1, [1])], [1], options).status).toBe('diverged');
    expect(minimizeGd(cpuF64, nan, [mat(1, 1, [1])], [1], options).status).toBe('diverged');
    // A loss that is finite at the start and explodes along the way.
    const explode: Objective<Mat> = {
      loss: (p) => -Math.exp(p[0].data[0] * 500),
      lossAndGradient: (p) => ({ loss: -Math.exp(p[0].data[0] * 500), gradient: [mat(1, 1, [-500 * Math.exp(p[0].data[0] * 500)])] }),
      dispose: () => undefined,
    };
    expect(minimizeLbfgs(cpuF64, explode, [mat(1, 1, [0])], [1], options).status).toBe('diverged');
  });

  it('line search: cubic interpolation and precision-aware sufficient decrease', () => {
    // φ(α) = (α − 2)² through (0, 4, −4) and (3, 1, 2): the cubic fit is the parabola, minimizer 2.
    expect(cubicMinimizer(0, 4, -4, 3, 1, 2)).toBeCloseTo(2, 12);
    // d1 = da + db − 3(fa − fb)/(a − b) = 0 and da·db = 1 > 0: no real critical point.
    expect(Number.isNaN(cubicMinimizer(0, 0, 1, 1, 2 / 3, 1))).toBe(true);
    // Resolved: plain Armijo.
    expect(sufficientDecreaseTest(1, -1, 1, 0.5, 0, 1e-4, 1e-12)).toBe(true);
    expect(sufficientDecreaseTest(1, -1, 1, 1.1, 0, 1e-4, 1e-12)).toBe(false);
    // Unresolved (required decrease below rounding): equal loss values decide nothing; the slope does.
    expect(sufficientDecreaseTest(0.5, -1e-20, 1, 0.5, -1e-20, 1e-4, 1e-12)).toBe(true);
    expect(sufficientDecreaseTest(0.5, -1e-20, 1, 0.5, 2e-20, 1e-4, 1e-12)).toBe(false);
    const phi = (alpha: number) => ({ alpha, value: (alpha - 2) ** 2, derivative: 2 * (alpha - 2), payload: null });
    const result = strongWolfe(phi, 4, -4, 0.1);
    expect(result.ok).toBe(true);
  });

  it('MSE UFM: both optimizers reach the certified minimum from random initialization', () => {
    const regime = { K: 3, n: 2, d: 4, lambdaW: 0.1, lambdaH: 0.4 };
    for (const optimizer of ['lbfgs', 'gd'] as const) {
      const r = trainOnce(cpuF64, mseUfm, regime, { ...DEFAULT_TRAIN_OPTIONS, optimizer, maxIterations: 50000 }, 0);
      expect(r.status).toBe('converged');
      expect(Math.abs(r.loss - 0.18)).toBeLessThan(1e-12);
    }
  });

  it('restarts are seeded from (seed, regime, restart): reproducible one by one', () => {
    const regime = { K: 2, n: 1, d: 2, lambdaW: 0.1, lambdaH: 0.1 };
    const all = trainRestarts(cpuF64, mseUfm, regime, { ...DEFAULT_TRAIN_OPTIONS, restarts: 2 });
    const second = trainOnce(cpuF64, mseUfm, regime, DEFAULT_TRAIN_OPTIONS, 1);
    expect(second.loss).toBe(all[1].loss);
    expect(second.seed).toBe(restartSeed(DEFAULT_TRAIN_OPTIONS.seed, regime, 1));
    expect(all[0].seed).not.toBe(all[1].seed);
    const init = randomInit(mseUfm, regime, createRng(3), 2);
    expect(init.map((b) => [b.rows, b.cols])).toEqual([
      [2, 2],
      [2, 2],
    ]);
  });
});
