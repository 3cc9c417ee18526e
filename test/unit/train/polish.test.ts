import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { newtonPolish, DEFAULT_POLISH, type FlatEvaluate } from '../../../src/train/polish.ts';
import { DEFAULT_TRAIN_OPTIONS, trainRestarts } from '../../../src/train/train.ts';
import { evaluateRegime } from '../../../src/verify/evaluate.ts';
import { polishRestart } from '../../../src/verify/polish-restarts.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';

// A degenerate valley: L = (x0² + x1² − 1)² + 1e-6 (x2 − 1)²: a circle of minimizers in (x0, x1)
// (a continuous symmetry, singular Hessian along it) and a direction of curvature 2e-6.
const valley: FlatEvaluate = (x, g) => {
  const r = x[0] * x[0] + x[1] * x[1] - 1;
  g[0] = 4 * r * x[0];
  g[1] = 4 * r * x[1];
  g[2] = 2e-6 * (x[2] - 1);
  return r * r + 1e-6 * (x[2] - 1) ** 2;
};
const unit = new Float64Array([1, 1, 1]);

describe('second-order polish', () => {
  it('reaches the gradient certificate on a singular, badly conditioned minimum and never raises the loss', () => {
    const x0 = new Float64Array([0.9, 0.5, 1.3]);
    const g0 = new Float64Array(3);
    const loss0 = valley(x0, g0);
    const r = newtonPolish(valley, x0, unit, { ...DEFAULT_POLISH, gradientTolerance: 1e-13 });
    expect(r.status).toBe('converged');
    expect(r.loss).toBeLessThanOrEqual(loss0);
    expect(r.gradNorm).toBeLessThanOrEqual(1e-13);
    expect(Math.hypot(r.x[0], r.x[1])).toBeCloseTo(1, 10);
    expect(r.x[2]).toBeCloseTo(1, 6);
    expect(Array.from(x0)).toEqual([0.9, 0.5, 1.3]); // the start is not modified
  });

  it('returns a converged start untouched and reports a non-finite one as diverged', () => {
    const at = new Float64Array([1, 0, 1]);
    expect(newtonPolish(valley, at, unit, { ...DEFAULT_POLISH, gradientTolerance: 1e-13 })).toMatchObject({ status: 'converged', steps: 0 });
    expect(newtonPolish(valley, new Float64Array([NaN, 0, 0]), unit, { ...DEFAULT_POLISH, gradientTolerance: 1e-13 }).status).toBe('diverged');
  });

  it('turns a restart stopped by its iteration budget into a certified one at the certified minimum', () => {
    const regime = { K: 3, n: 2, d: 4, lambdaW: 0.01, lambdaH: 0.01 };
    const options = { ...DEFAULT_TRAIN_OPTIONS, restarts: 1, maxIterations: 60 };
    const [short] = trainRestarts(cpuF64, mseUfm, regime, options);
    expect(short.status).toBe('budget-exhausted');
    const polished = polishRestart(cpuF64, mseUfm, regime, options, short);
    expect(polished.status).toBe('converged');
    expect(polished.reason).toMatch(/iteration budget 60 exhausted; then \d+ damped Newton-CG polish steps? \(\d+ gradient evaluations\): gradient certificate met/);
    const certified = mseUfm.certify!(regime)!.loss;
    expect(Math.abs(polished.loss - certified)).toBeLessThanOrEqual(1e-12);
    expect(polished.iterations).toBeGreaterThan(short.iterations);
  });

  it('is spent only where no restart reached the certified minimum: other regimes evaluate exactly as without it', () => {
    const regime = { K: 3, n: 2, d: 4, lambdaW: 0.01, lambdaH: 0.01 };
    // Budget 60: every restart stops short, the polish (up to 60 more gradient evaluations) decides the regime.
    const short = evaluateRegime(tb22T31, mseUfm, regime, 'inside', 0, { backend: cpuF64, train: { ...DEFAULT_TRAIN_OPTIONS, restarts: 2, maxIterations: 60 } });
    const restarts = short.record.solutions.filter((s) => s.source === 'restart');
    expect(restarts.some((s) => s.atCertifiedMinimum === true && /polish/.test(s.reason ?? ''))).toBe(true);
    expect(short.record.clauses.filter((c) => c.status === 'inconclusive')).toEqual([]);
    // Default budget: the restarts converge on their own and none is polished.
    const full = evaluateRegime(tb22T31, mseUfm, regime, 'inside', 0, { backend: cpuF64, train: { ...DEFAULT_TRAIN_OPTIONS, restarts: 2 } });
    expect(full.record.solutions.filter((s) => s.source === 'restart').every((s) => s.status === 'converged' && !/polish/.test(s.reason ?? ''))).toBe(true);
  });
});
