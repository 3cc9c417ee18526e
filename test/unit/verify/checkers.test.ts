// What each clause checker reports besides its status: the witness, the allowance,
// whether the comparison was certified, and the reason a person reads. Small regimes,
// at most two restarts; a starved optimizer stands in for a failed training.
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { identity as eye, mat, scale } from '../../../src/linalg/matrix.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { integer, nonNegative, positive } from '../../../src/regime/parameters.ts';
import type { Regime } from '../../../src/regime/regime.ts';
import type { Rng } from '../../../src/random/rng.ts';
import { defineTheorem, type Theorem } from '../../../src/theorem/define.ts';
import { DEFAULT_TRAIN_OPTIONS } from '../../../src/train/train.ts';
import { evaluateRegime, IDENTITY_POINTS } from '../../../src/verify/evaluate.ts';
import { UNCERTIFIED_EXTRA_RESTARTS } from '../../../src/verify/extra-restarts.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';

const ctx = (restarts: number, maxIterations = DEFAULT_TRAIN_OPTIONS.maxIterations) => ({ backend: cpuF64, train: { ...DEFAULT_TRAIN_OPTIONS, restarts, maxIterations } });
const regime = { K: 2, n: 1, d: 2, lambdaW: 0.1, lambdaH: 0.1 };
const uncertified = { K: 3, n: 1, d: 2, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0.5 };

const base = {
  id: 'CHECKERS',
  title: 't',
  citation: 'c',
  provenance: { kind: 'derived' as const },
  model: 'ufm-mse',
  normalization: 'n',
  parameters: { K: integer('K', { min: 2 }), n: integer('n', { min: 1 }), d: integer('d', { min: 1 }), lambdaW: positive('w'), lambdaH: positive('h'), lambdaB: nonNegative('b', { optional: true }) },
  hypothesis: { text: 'any', check: () => true as const },
};
const tb22Loss = (r: Regime): number => {
  const c = Math.sqrt((r.lambdaW as number) * (r.lambdaH as number));
  return c - (c * c) / 2;
};
const run = (t: Theorem, r: Regime, c = ctx(1)) => evaluateRegime(t, mseUfm, r, 'inside', 0, c).record;

describe('bound', () => {
  it('names the lowest solution as witness and reports error, allowance and margin', () => {
    const t = defineTheorem({ ...base, predict: (r) => ({ loss: tb22Loss(r) + 1e-3 }), clauses: ({ bound }) => [bound('b', { statement: 's' })] });
    const record = run(t, regime, ctx(0));
    const c = record.clauses[0];
    const lowest = record.solutions[0].loss;
    expect(c).toMatchObject({ status: 'violated', witness: 'certificate', error: tb22Loss(regime) + 1e-3 - lowest, allowance: 1e-10 + 1e-10 * (tb22Loss(regime) + 1e-3) });
    expect(c.reason).toBe(`certificate has loss ${lowest} < predicted minimum ${tb22Loss(regime) + 1e-3}`);
  });

  it('a refuted claim that finds nothing below is inconclusive, with the best gap found', () => {
    const t = defineTheorem({ ...base, expect: 'refuted', predict: (r) => ({ loss: tb22Loss(r) - 1e-3 }), clauses: ({ bound }) => [bound('b', { statement: 's' })] });
    const record = run(t, regime, ctx(0));
    const lowest = record.solutions[0].loss;
    expect(record.clauses[0].status).toBe('inconclusive');
    expect(record.clauses[0].reason).toBe(
      `refutation search: no solution below the claimed minimum ${tb22Loss(regime) - 1e-3}; best gap found ${(lowest - (tb22Loss(regime) - 1e-3)).toExponential(3)} (lowest loss ${lowest})`,
    );
  });
});

describe('attained', () => {
  const t = defineTheorem({ ...base, predict: (r) => ({ loss: tb22Loss(r) }), clauses: ({ attained }) => [attained('a', { statement: 's' })] });

  it('passes certified against the certificate, witnessed by the best restart', () => {
    const c = run(t, regime, ctx(2)).clauses[0];
    expect(c).toMatchObject({ status: 'pass', certified: true });
    expect(c.witness).toMatch(/^restart [01]$/);
    expect(c.reason).toBeUndefined();
  });

  it('is inconclusive when no restart converged, listing every endpoint', () => {
    const record = run(t, regime, ctx(2, 2));
    const c = record.clauses[0];
    expect(c.status).toBe('inconclusive');
    const endpoints = record.solutions.filter((s) => s.source === 'restart').map((s) => `restart ${s.restart}: ${s.status}, L=${s.loss}`);
    expect(endpoints).toHaveLength(2);
    expect(c.reason).toBe(`optimizer outcome: no restart met the stopping certificate (${endpoints.join('; ')})`);
  });

  it('above the certified minimum, the inconclusive reason names the reference and the ranks', () => {
    // Without a certificate the reference is the prediction; predicting far below the reach of training.
    const low = defineTheorem({ ...base, predict: () => ({ loss: -1 }), clauses: ({ attained }) => [attained('a', { statement: 's' })] });
    const record = run(low, uncertified);
    // An optimizer outcome without a certificate: extra restarts were trained, up to their cap
    // (each converges in a few dozen iterations here), and the verdict reads the best of all.
    expect(record.solutions).toHaveLength(1 + UNCERTIFIED_EXTRA_RESTARTS);
    const best = record.solutions.reduce((a, b) => (b.loss < a.loss ? b : a));
    expect(record.clauses[0]).toMatchObject({ status: 'inconclusive', certified: false, witness: `restart ${best.restart}` });
    expect(record.clauses[0].reason).toBe(
      `optimizer outcome: best restart ${best.loss} is above the predicted minimum (no certificate) -1 (ranks of W H̄: ${record.solutions.map((s) => s.rankWHbar).join(', ')})`,
    );
  });
});

describe('equality', () => {
  it('reports the worst solution of the pool as witness', () => {
    // The measured loss differs from the prediction by each solution's own gap: the witness is the largest gap.
    const t = defineTheorem({ ...base, predict: (r) => ({ loss: tb22Loss(r) }), clauses: ({ equality }) => [equality('e', { statement: 's', tolerance: { rtol: 0, atol: 1 }, predicted: (p) => p.loss - 0.5, measured: (m) => m.loss })] });
    const record = run(t, regime, ctx(2));
    const c = record.clauses[0];
    const pool = record.solutions.filter((s) => s.atCertifiedMinimum === true);
    expect(pool.length).toBeGreaterThan(1);
    const gap = (s: (typeof pool)[number]) => Math.abs(s.loss - (tb22Loss(regime) - 0.5));
    const worst = pool.reduce((a, b) => (gap(b) > gap(a) ? b : a));
    expect(c.status).toBe('pass');
    expect(c.witness).toBe(worst.source === 'certificate' ? 'certificate' : `restart ${worst.restart}`);
    expect(c.error).toBe(gap(worst));
    expect(c.certified).toBe(true);
  });

  it('is an error for a non-finite prediction, and inconclusive for a non-finite measurement, naming the solution', () => {
    const t = defineTheorem({
      ...base,
      predict: (r) => ({ loss: tb22Loss(r) }),
      clauses: ({ equality }) => [
        equality('inf', { statement: 's', predicted: () => mat(1, 2, [0, Infinity]), measured: () => mat(1, 2) }),
        equality('nan', { statement: 's', predicted: () => 0, measured: () => NaN }),
        equality('missing', { statement: 's', predicted: () => undefined as never, measured: () => 0 }),
      ],
    });
    const [inf, nan, missing] = run(t, regime, ctx(0)).clauses;
    expect(inf).toMatchObject({ status: 'error', reason: 'the predicted value is not finite (the theorem predicted NaN or ±Infinity)', certified: true });
    expect(missing.status).toBe('error');
    expect(nan).toMatchObject({ status: 'inconclusive', reason: 'measured or predicted value on certificate is not finite', witness: 'certificate' });
  });

  it('without a certificate: compares the best converged restarts, or is inconclusive when they sit above the prediction', () => {
    const claim = (loss: number) =>
      defineTheorem({ ...base, predict: () => ({ loss }), clauses: ({ equality }) => [equality('e', { statement: 's', tolerance: { rtol: 0, atol: 1 }, predicted: () => 0, measured: () => 0.5 })] });
    const reached = run(claim(1), uncertified);
    expect(reached.clauses[0]).toMatchObject({ status: 'pass', certified: false, margin: 0.5, witness: 'restart 0' });
    expect(reached.solutions).toHaveLength(1);
    const predicted = reached.solutions[0].loss - 1e-3;
    const aboveRecord = run(claim(predicted), uncertified);
    const above = aboveRecord.clauses[0];
    expect(above).toMatchObject({ status: 'inconclusive', certified: false });
    // Every extra restart ends at the same minimum, so all of them ran; the reason names the best.
    expect(aboveRecord.solutions).toHaveLength(1 + UNCERTIFIED_EXTRA_RESTARTS);
    const best = Math.min(...aboveRecord.solutions.map((s) => s.loss));
    expect(above.reason).toBe(`optimizer outcome: the best converged restart (L = ${best}) is above the predicted minimum ${predicted}; no solution at the claimed optimum to check`);
    // No converged restart at all: nothing to compare. The extra restarts (budgets 1, 1, 2, 1, 1: Luby's
    // sequence in units of a tenth of 2, rounded up) stop at three times the theorem's own budget (1 × 2).
    const noneRecord = run(claim(1), uncertified, ctx(1, 2));
    expect(noneRecord.solutions.map((s) => [s.status, s.iterations])).toEqual([2, 1, 1, 2, 1, 1].map((i) => ['budget-exhausted', i]));
    expect(noneRecord.clauses[0]).toMatchObject({ status: 'inconclusive', certified: false });
    expect(noneRecord.clauses[0].reason).toMatch(/^optimizer outcome: no restart met the stopping certificate/);
  });
});

describe('stationary', () => {
  const withPoint = (point: (r: Regime, rng: Rng) => ReturnType<NonNullable<Theorem['minimizer']>>, loss?: number) =>
    defineTheorem({ ...base, predict: (r) => ({ loss: loss ?? tb22Loss(r) }), minimizer: tb22T31.minimizer, clauses: ({ stationary }) => [stationary('s', { statement: 's', point: (r, rng) => point(r, rng) })] });

  it('passes at the closed-form minimizer with its witness and gradient allowance', () => {
    const c = run(withPoint((r, rng) => tb22T31.minimizer!(r, rng)), { ...regime, K: 2, d: 2 }, ctx(0)).clauses[0];
    expect(c).toMatchObject({ status: 'pass', witness: 'closed-form minimizer' });
    // atol 1e-9 · max(1, |L|) with |L| < 1.
    expect(c.allowance).toBe(1e-9);
  });

  it('is violated away from a critical point, or at the right point with the wrong loss, saying which', () => {
    const off = run(withPoint((r) => [scale(eye(r.K as number), 1), scale(eye(r.K as number), 1)]), regime, ctx(0)).clauses[0];
    expect(off.status).toBe('violated');
    expect(off.reason).toMatch(/^closed-form point: \|\|∇L\|\|_P = \d\.\d{3}e[-+]\d+, loss [\d.e-]+ vs predicted [\d.e-]+$/);
    const wrongLoss = run(withPoint((r, rng) => tb22T31.minimizer!(r, rng), tb22Loss(regime) + 1e-6), regime, ctx(0)).clauses[0];
    expect(wrongLoss.status).toBe('violated');
    expect(wrongLoss.margin).toBeGreaterThan(1);
    const nonFinite = run(withPoint((r) => [scale(eye(r.K as number), NaN), eye(r.K as number)]), regime, ctx(0)).clauses[0];
    expect(nonFinite).toMatchObject({ status: 'violated', reason: 'the closed-form minimizer has a non-finite loss or gradient' });
  });

  it('is an error without any minimizer, and a shape error for a wrong block count or shape', () => {
    const none = defineTheorem({ ...base, predict: (r) => ({ loss: tb22Loss(r) }), minimizer: () => undefined as never, clauses: ({ stationary }) => [stationary('s', { statement: 's' })] });
    expect(run(none, regime, ctx(0)).clauses[0]).toMatchObject({ status: 'error', reason: 'the theorem defines no minimizer()' });
    const count = run(withPoint((r) => [eye(r.K as number)]), regime, ctx(0)).clauses[0];
    expect(count.status).toBe('error');
    expect(count.reason).toMatch(/minimizer\(\) returned 1 blocks.*ufm-mse.* 2\b/);
    const shape = run(withPoint(() => [mat(1, 1), mat(1, 1)]), regime, ctx(0)).clauses[0];
    expect(shape.status).toBe('error');
    expect(shape.reason).toMatch(/minimizer\(\) block .* is 1x1, expected 2x2/);
  });
});

describe('identity', () => {
  const t = (points: 'all' | 'random', measured: number) =>
    defineTheorem({ ...base, predict: () => ({ loss: 0 }), clauses: ({ identity }) => [identity('i', { statement: 's', points, tolerance: { rtol: 0, atol: 1 }, predicted: () => 0, measured: () => measured })] });

  it('counts the random points and the solutions it held at', () => {
    expect(IDENTITY_POINTS).toBe(6);
    expect(run(t('all', 0.5), regime, ctx(2)).clauses[0]).toMatchObject({ status: 'pass', reason: 'held at 9 points (6 random, 3 solutions)', witness: 'random point 0', margin: 0.5 });
    expect(run(t('random', 0.5), regime, ctx(2)).clauses[0].reason).toBe('held at 6 points (6 random, 0 solutions)');
  });

  it('names the first point where the deviation is largest, and a non-finite point', () => {
    const c = run(t('all', 2), regime, ctx(0)).clauses[0];
    expect(c).toMatchObject({ status: 'violated', witness: 'random point 0', reason: 'random point 0: deviation 2.000e+0 exceeds the allowance 1.000e+0' });
    expect(run(t('all', NaN), regime, ctx(0)).clauses[0]).toMatchObject({ status: 'inconclusive', reason: 'measured or predicted value at random point 0 is not finite', witness: 'random point 0' });
  });
});
