// The clause checkers (src/verify/checkers.ts) called directly, with solutions no training would
// hand them on purpose: ties between restarts, non-finite losses, a restart below the certificate,
// a converged endpoint exactly one allowance above the prediction, a prediction that reads a key it
// does not have. checkers.test.ts covers the same functions through evaluateRegime and real training.
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { mat, type Mat } from '../../../src/linalg/matrix.ts';
import type { Measurements } from '../../../src/measure/measurements.ts';
import type { Certificate, Model } from '../../../src/models/model.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { createRng, deriveSeed } from '../../../src/random/rng.ts';
import { regimeKey, type Regime } from '../../../src/regime/regime.ts';
import { equality, identity, stationary } from '../../../src/theorem/clause.ts';
import type { Prediction, Theorem } from '../../../src/theorem/define.ts';
import { resolveTolerance } from '../../../src/theorem/tolerance.ts';
import { randomInit } from '../../../src/train/train.ts';
import {
  asRefutationSearch,
  checkAttained,
  checkBound,
  checkEquality,
  checkIdentity,
  checkStationary,
  IDENTITY_POINTS,
  type EvaluatedSolution,
} from '../../../src/verify/checkers.ts';
import type { SolutionSummary } from '../../../src/verify/results.ts';
import { ShapeMismatchError } from '../../../src/verify/compare.ts';

const base = { clause: 'c', kind: 'equality' as const };
const regime: Regime = { K: 2, n: 1, d: 2, lambdaW: 0.1, lambdaH: 0.1 };

/** A solution with only what the checkers read; `x` is the one measurement the test clauses read. */
function solution(label: string, loss: number, more: Partial<SolutionSummary> = {}, x = 0): EvaluatedSolution {
  const source = label === 'certificate' ? 'certificate' : 'restart';
  return {
    label,
    params: [],
    summary: { source, loss, gapToPredicted: 0, ...(source === 'restart' ? { status: 'converged' as const } : {}), ...more },
    measurements: { loss, x } as unknown as Measurements,
  };
}
const certificate = (loss: number): Certificate => ({ loss, minimizer: [], unique: true, method: 'm' });
const readX = (m: Measurements): number => (m as unknown as { x: number }).x;

describe('checkBound', () => {
  it('is inconclusive when no solution has a finite loss', () => {
    expect(checkBound(base, 0.5, [solution('restart 0', NaN), solution('restart 1', Infinity)], 1e-10)).toEqual({ ...base, status: 'inconclusive', reason: 'no solution with a finite loss' });
  });

  it('measures the lowest finite loss, and of tied restarts the first', () => {
    const solutions = [solution('restart 0', NaN), solution('restart 1', 1), solution('restart 2', 0.5), solution('restart 3', 0.5), solution('restart 4', 2)];
    const c = checkBound(base, 0.75, solutions, 0.125);
    expect(c).toEqual({
      ...base,
      status: 'violated',
      margin: 2,
      error: 0.25,
      allowance: 0.125,
      witness: 'restart 2',
      reason: 'restart 2 has loss 0.5 < predicted minimum 0.75',
      values: { quantity: 'loss of restart 2 vs the predicted minimum', predicted: 0.75, measured: 0.5 },
    });
  });

  it('a known-false claim: the refutation search reports the lowest finite loss', () => {
    const solutions = [solution('restart 0', NaN), solution('restart 1', 0.75), solution('restart 2', 0.625)];
    const pass = checkBound(base, 0.5, solutions, 1e-10);
    expect(pass.status).toBe('pass');
    expect(asRefutationSearch(pass, 0.5, solutions)).toEqual({
      ...pass,
      status: 'inconclusive',
      reason: `refutation search: no solution below the claimed minimum 0.5; best gap found ${(0.125).toExponential(3)} (lowest loss 0.625)`,
    });
  });
});

describe('checkAttained', () => {
  const trained = [
    solution('restart 0', 0.75, { rankWHbar: 1 }),
    solution('restart 1', 0.5, { rankWHbar: 2 }),
    solution('restart 2', 0.5, { rankWHbar: 3 }),
    solution('restart 3', 0.125, { status: 'budget-exhausted' }),
    solution('restart 4', 1, { rankWHbar: 2 }),
  ];

  it('compares the first of the best converged restarts with the certificate', () => {
    expect(checkAttained(base, trained, certificate(0.5), 0.5, 1e-10)).toEqual({ ...base, status: 'pass', margin: 0, error: 0, allowance: 1e-10, witness: 'restart 1', certified: true, reason: undefined });
  });

  it('a converged restart below the certified minimum is a certificate or model bug', () => {
    expect(checkAttained(base, trained, certificate(0.75), 0.75, 0.125)).toEqual({
      ...base,
      status: 'violated',
      margin: 2,
      error: 0.25,
      allowance: 0.125,
      witness: 'restart 1',
      certified: true,
      reason: 'restart 1 reached 0.5, below the certified minimum 0.75: certificate or model bug',
      values: { quantity: 'loss of restart 1 vs the certified minimum', predicted: 0.75, measured: 0.5 },
    });
  });

  it('above the certified minimum it is an optimizer outcome, listing every converged rank', () => {
    const c = checkAttained(base, trained, certificate(0.25), 0.25, 0.125);
    expect(c).toMatchObject({ status: 'inconclusive', witness: 'restart 1', certified: true, margin: 2 });
    expect(c.reason).toBe('optimizer outcome: best restart 0.5 is above the certified minimum 0.25 (ranks of W H̄: 1, 2, 3, 2)');
  });
});

describe('checkEquality', () => {
  const clause = equality<Regime, Prediction>('e', { statement: 'x matches', tolerance: { rtol: 0, atol: 1 }, predicted: () => 0, measured: (m) => readX(m) });
  const tol = { rtol: 0, atol: 1 };
  const quarter = () => 0.25;
  const check = (solutions: EvaluatedSolution[], cert: Certificate | undefined, prediction: Prediction, c = clause) =>
    checkEquality(base, c, solutions, solutions.filter((s) => s.summary.source === 'restart'), cert, prediction, regime, tol, quarter);

  it('uncertified: only converged restarts stand in for the minimum, the lowest of them named', () => {
    const solutions = [solution('restart 0', 0.125, { status: 'budget-exhausted' }), solution('restart 1', 1), solution('restart 2', 0.875)];
    expect(check(solutions, undefined, { loss: 0.5 })).toEqual({
      ...base,
      status: 'inconclusive',
      certified: false,
      reason: 'optimizer outcome: the best converged restart (L = 0.875) is above the predicted minimum 0.5; no solution at the claimed optimum to check',
    });
  });

  it('uncertified: a best restart exactly one loss allowance above the prediction is still measured', () => {
    const c = check([solution('restart 0', 0.75, {}, 0.5)], undefined, { loss: 0.5 });
    expect(c).toEqual({ ...base, status: 'pass', certified: false, margin: 0.5, error: 0.5, allowance: 1, witness: 'restart 0' });
  });

  it('uncertified, with an upper bound on the minimum: a best restart above it is not a global minimizer', () => {
    const above = check([solution('restart 0', 0.625, {}, 0.5)], undefined, { loss: NaN, lossUpperBound: 0.25 });
    expect(above).toEqual({
      ...base,
      status: 'inconclusive',
      certified: false,
      reason: 'optimizer outcome: the best converged restart (L = 0.625) is above 0.25, an upper bound on the global minimum: not a global minimizer, nothing to check',
    });
    // At the bound plus one allowance exactly, and within it: measured.
    for (const loss of [0.5, 0.375]) {
      expect(check([solution('restart 0', loss, {}, 0.5)], undefined, { loss: NaN, lossUpperBound: 0.25 })).toMatchObject({ status: 'pass', witness: 'restart 0' });
    }
  });

  it('uncertified, with an upper bound but no converged restart: the reference rule decides, not the bound', () => {
    const c = check([solution('restart 0', 0.625, { status: 'budget-exhausted' })], undefined, { loss: NaN, lossUpperBound: 0.25 });
    expect(c.status).toBe('inconclusive');
    expect(c.reason).toMatch(/^optimizer outcome: no restart met the stopping certificate; the lowest-loss solution restart 0 \(L = 0\.625, budget-exhausted\) is not measured$/);
  });

  it('certified, with nothing at the certified minimum: nothing to check', () => {
    const solutions = [solution('restart 0', 0.875, { atCertifiedMinimum: false })];
    expect(check(solutions, certificate(0.5), { loss: 0.5 })).toEqual({ ...base, status: 'inconclusive', reason: 'no solution at the global minimum to check', certified: true });
  });

  it('names the worst solution of the pool as witness, and its values when violated', () => {
    const pool = [solution('certificate', 0.5, { atCertifiedMinimum: true }, 0.25), solution('restart 0', 0.5, { atCertifiedMinimum: true }, 0.75), solution('restart 1', 0.5, { atCertifiedMinimum: true }, 0.5)];
    expect(check(pool, certificate(0.5), { loss: 0.5 })).toEqual({ ...base, status: 'pass', certified: true, margin: 0.75, error: 0.75, allowance: 1, witness: 'restart 0' });
    const strict = equality<Regime, Prediction>('e', { statement: 'x matches', predicted: () => 0, measured: (m) => readX(m) });
    const tight = resolveTolerance({ rtol: 0, atol: 0.5 }, 'float64');
    const c = checkEquality(base, strict, pool, pool.slice(1), certificate(0.5), { loss: 0.5 }, regime, tight, quarter);
    expect(c).toMatchObject({ status: 'violated', witness: 'restart 0', margin: 1.5, values: { quantity: 'x matches at restart 0', predicted: 0, measured: 0.75 } });
    expect(c.reason).toBe(`restart 0: deviation ${(0.75).toExponential(3)} exceeds the allowance ${(0.5).toExponential(3)}`);
  });

  it('a scalar prediction that is NaN is the theorem’s error, not an inconclusive comparison', () => {
    const nan = equality<Regime, Prediction>('e', { statement: 's', predicted: () => NaN, measured: () => 0 });
    expect(check([solution('certificate', 0.5, { atCertifiedMinimum: true })], certificate(0.5), { loss: 0.5 }, nan)).toMatchObject({ status: 'error', reason: 'the predicted value is not finite (the theorem predicted NaN or ±Infinity)' });
  });

  it('a clause reading a key the prediction or the measurements lack names the clause, the call and the key', () => {
    const pool = [solution('certificate', 0.5, { atCertifiedMinimum: true })];
    const readsPrediction = equality<Regime, Prediction>('reads-p', { statement: 's', predicted: (p) => (p as unknown as { gram: Mat }).gram.data[0], measured: () => 0 });
    expect(() => check(pool, certificate(0.5), { loss: 0.5 }, readsPrediction)).toThrow(/^theorem code: clause reads-p: predicted\(p\) threw .*; it read p\.gram, but predict\(\) returns no such key \(it has loss\)$/);
    const readsMeasurements = equality<Regime, Prediction>('reads-m', { statement: 's', predicted: () => 0, measured: (m) => (m as unknown as { xx: Mat }).xx.data[0] });
    expect(() => check(pool, certificate(0.5), { loss: 0.5 }, readsMeasurements)).toThrow(/^theorem code: clause reads-m: measured\(m\) threw .*; it read m\.xx, but the measurements have no such key \(did you mean x\?\)$/);
  });
});

describe('checkStationary', () => {
  // A one-block model whose loss and gradient at the point are whatever the test says.
  const fakeModel = (loss: number, gradient: number, rows = 1, cols = 1): Model =>
    ({
      id: 'fake',
      blocks: () => [{ name: 'W', rows, cols, metric: 1 }],
      objective: () => ({ loss: () => loss, lossAndGradient: () => ({ loss, gradient: [mat(1, 1, [gradient])] }), dispose: () => undefined }),
    }) as unknown as Model;
  const theorem = { id: 'STAT' } as unknown as Theorem;
  const point = (rows = 1, cols = 1) => stationary<Regime, Prediction>('s', { statement: 's', point: () => [mat(rows, cols)] });
  const tol = { rtol: 0, atol: 0.25 };
  const run = (model: Model, predictedLoss: number, clause = point()) => checkStationary(base, clause, theorem, model, regime, { loss: predictedLoss }, tol, 1, 'float64');

  it('without a minimizer() nor a point: an error, not a crash', () => {
    const noPoint = stationary<Regime, Prediction>('s', { statement: 's' });
    expect(checkStationary(base, noPoint, theorem, fakeModel(0, 0), regime, { loss: 0 }, tol, 1, 'float64')).toEqual({ ...base, status: 'error', reason: 'the theorem defines no minimizer()' });
  });

  it('draws its point from a seed of the theorem, the regime and "closed-form" (replays rebuild it)', () => {
    const drawn: number[] = [];
    const clause = stationary<Regime, Prediction>('s', { statement: 's', point: (_r, rng) => (drawn.push(rng.normal()), [mat(1, 1)]) });
    run(fakeModel(0, 0), 0, clause);
    expect(drawn).toEqual([createRng(deriveSeed(0, 'STAT', regimeKey(regime), 'closed-form')).normal()]);
  });

  it('a block with only its rows, or only its columns, wrong is a shape error naming the block', () => {
    expect(() => run(fakeModel(0, 0, 2, 3), 0, point(1, 3))).toThrow(new ShapeMismatchError('minimizer() block 1 (W) is 1x3, expected 2x3; model fake takes its blocks in this order: W (2x3)'));
    expect(() => run(fakeModel(0, 0, 2, 3), 0, point(2, 1))).toThrow(new ShapeMismatchError('minimizer() block 1 (W) is 2x1, expected 2x3; model fake takes its blocks in this order: W (2x3)'));
  });

  it('a minimizer with the wrong number of blocks names the model’s blocks in order', () => {
    const twoBlocks = { id: 'two', blocks: () => [{ name: 'W', rows: 1, cols: 2, metric: 1 }, { name: 'H', rows: 2, cols: 1, metric: 1 }] } as unknown as Model;
    expect(() => run(twoBlocks, 0)).toThrow(new ShapeMismatchError('minimizer() returned 1 blocks; model two takes 2, in this order: W (1x2), H (2x1)'));
  });

  it('the gradient allowance grows with |L| above 1 (a relative stopping test)', () => {
    const c = run(fakeModel(4, 0.5), 4);
    expect(c).toMatchObject({ status: 'pass', allowance: 1, error: 0.5, margin: 0.5 });
  });

  it('a margin of exactly 1 passes; a non-finite loss alone or gradient alone is a violation', () => {
    expect(run(fakeModel(0.5, 0.25), 0.5)).toMatchObject({ status: 'pass', margin: 1 });
    expect(run(fakeModel(Infinity, 0), 0.5)).toMatchObject({ status: 'violated', reason: 'the closed-form minimizer has a non-finite loss or gradient' });
    expect(run(fakeModel(0.5, NaN), 0.5)).toMatchObject({ status: 'violated', reason: 'the closed-form minimizer has a non-finite loss or gradient' });
  });

  it('a violation shows the quantity that failed worse: the loss, or the gradient (the loss on a tie)', () => {
    const lossAllowed = resolveTolerance('loss', 'float64').atol; // predicted loss 0: the allowance is the absolute floor
    const byLoss = run(fakeModel(4 * lossAllowed, 0.25), 0);
    expect(byLoss.values).toEqual({ quantity: 'loss at the closed-form point vs the predicted loss', predicted: 0, measured: 4 * lossAllowed });
    const byGradient = run(fakeModel(0, 1), 0);
    expect(byGradient.values).toEqual({ quantity: '||∇L||_P at the closed-form point vs 0 (a critical point)', predicted: 0, measured: 1 });
    // Both ratios exactly 2: the loss is shown.
    expect((2 * lossAllowed) / lossAllowed).toBe(0.5 / 0.25);
    expect(run(fakeModel(2 * lossAllowed, 0.5), 0).values?.quantity).toBe('loss at the closed-form point vs the predicted loss');
  });
});

describe('checkIdentity', () => {
  const theorem = { id: 'IDENT' } as unknown as Theorem;
  const tol = { rtol: 0, atol: 100 };
  const firstEntry = identity<Regime, Prediction>('first', { statement: 'W₁₁ is small', points: 'random', predicted: () => 0, measured: ({ params }) => params[0].data[0] });

  it('checks at seeded random points (theorem, regime, "identity-point", i) and names the worst', () => {
    const c = checkIdentity(base, firstEntry, theorem, mseUfm, regime, { loss: 0 }, [], tol);
    const firsts = Array.from({ length: IDENTITY_POINTS }, (_, i) => Math.abs(randomInit(mseUfm, regime, createRng(deriveSeed(0, 'IDENT', regimeKey(regime), 'identity-point', i)), 1)[0].data[0]));
    const worst = firsts.indexOf(Math.max(...firsts));
    expect(c).toMatchObject({ status: 'pass', witness: `random point ${worst}`, error: firsts[worst], reason: `held at ${IDENTITY_POINTS} points (${IDENTITY_POINTS} random, 0 solutions)` });
  });

  it('a violation shows the worst point’s values', () => {
    const strict = identity<Regime, Prediction>('first', { statement: 'W₁₁ is zero', tolerance: { rtol: 0, atol: 1e-300 }, points: 'random', predicted: () => 0, measured: ({ params }) => params[0].data[0] });
    const c = checkIdentity(base, strict, theorem, mseUfm, regime, { loss: 0 }, [], resolveTolerance({ rtol: 0, atol: 1e-300 }, 'float64'));
    expect(c.status).toBe('violated');
    expect(c.values?.quantity).toBe(`W₁₁ is zero at ${c.witness}`);
    expect(Math.abs(c.values?.measured as number)).toBe(c.error);
  });

  it('frees the objective it evaluated the random points with', () => {
    let disposed = 0;
    const objective = (_backend: unknown, r: Regime) => {
      const o = mseUfm.objective(cpuF64, r);
      return { ...o, dispose: () => (disposed++, o.dispose()) };
    };
    const counting = { ...mseUfm, objective } as unknown as Model;
    checkIdentity(base, firstEntry, theorem, counting, regime, { loss: 0 }, [], tol);
    expect(disposed).toBe(1);
  });
});
