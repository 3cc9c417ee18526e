// Extra restarts (src/verify/extra-restarts.ts): spent only where no restart reached the certified
// minimum and none went below it; every regime decided by the theorem's own restarts is untouched.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import type { Model } from '../../../src/models/model.ts';
import { getModel } from '../../../src/models/registry.ts';
import { singularValues } from '../../../src/linalg/decompositions.ts';
import { createRng } from '../../../src/random/rng.ts';
import { DEFAULT_TRAIN_OPTIONS, randomInit, randomNonnegativeInit, randomOrthogonalInit, trainRestarts } from '../../../src/train/train.ts';
import { evaluateRegime, IDENTITY_POINTS } from '../../../src/verify/evaluate.ts';
import { mat } from '../../../src/linalg/matrix.ts';
import { EXTRA_RESTARTS, extraStart, isOptimizerOutcome, UNCERTIFIED_BUDGET_FACTOR, UNCERTIFIED_EXTRA_RESTARTS, uncertifiedExtraIterations, uncertifiedExtraStart, lubyTerm } from '../../../src/verify/extra-restarts.ts';
import type { Regime } from '../../../src/regime/regime.ts';
import { resolveTrainOptions, verifyTheoremMode } from '../../../src/verify/runner.ts';
import { defineTheorem } from '../../../src/theorem/define.ts';
import { integer, nonNegative, positive } from '../../../src/regime/parameters.ts';
import tb22E from '../../../theorems/tb22-e.ts';
import tb22R from '../../../theorems/tb22-r.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';

// Regime 109 of `nc-check verify TB22-E --mode near --runs 1000 --seed 424242`: near the jump to zero
// (c just below 2^(-4/3)); TB22-E's four restarts all end at rank-deficient local minima there.
const nearJump = { K: 3, n: 2, d: 3, L: 2, lambdaH: 0.38276695082950135, lambdaW1: 0.13911128752265067, lambdaW2: 1.158145673165785 };
const deepLinear = getModel(tb22E.model);
const trainE = resolveTrainOptions(tb22E, { seed: 424242 });

const restartsOf = (e: ReturnType<typeof evaluateRegime>) => e.record.solutions.filter((s) => s.source === 'restart');

describe('extra restarts where a regime is undecided', () => {
  it('alternate Gaussian starts at 2, 4, 8 and orthogonal ones at 1, 2, 4 times the theorem’s largest scale', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((k) => extraStart(trainE, k))).toEqual([
      { kind: 'gaussian', scale: 2 },
      { kind: 'orthogonal', scale: 1 },
      { kind: 'gaussian', scale: 4 },
      { kind: 'orthogonal', scale: 2 },
      { kind: 'gaussian', scale: 8 },
      { kind: 'orthogonal', scale: 4 },
      { kind: 'gaussian', scale: 2 },
      { kind: 'orthogonal', scale: 1 },
    ]);
    expect(extraStart({ ...DEFAULT_TRAIN_OPTIONS, initScale: 0.5 }, 2)).toEqual({ kind: 'gaussian', scale: 2 });
  });

  it('start orthogonal blocks with equal singular values and a Gaussian block’s squared norm', () => {
    const blocks = randomOrthogonalInit(deepLinear, nearJump, createRng(3), 2);
    const specs = deepLinear.blocks(nearJump);
    blocks.forEach((m, i) => {
      expect([m.rows, m.cols]).toEqual([specs[i].rows, specs[i].cols]);
      const sv = singularValues(m);
      const expected = 2 * Math.sqrt(Math.max(m.rows, m.cols));
      for (const s of sv.slice(0, Math.min(m.rows, m.cols))) expect(s).toBeCloseTo(expected, 10);
      expect(m.data.reduce((a, v) => a + v * v, 0)).toBeCloseTo(4 * m.rows * m.cols, 8);
    });
    // Random: another seed, other blocks.
    expect(randomOrthogonalInit(deepLinear, nearJump, createRng(4), 2)[0].data).not.toEqual(blocks[0].data);
  });

  it('decide a near-jump TB22-E regime the theorem’s own restarts leave undecided, and change none of those', () => {
    const own = trainRestarts(cpuF64, deepLinear, nearJump, trainE);
    const certified = deepLinear.certify!(nearJump)!.loss;
    expect(own.every((r) => r.status === 'converged' && r.loss > certified + 1e-6)).toBe(true);

    const e = evaluateRegime(tb22E, deepLinear, nearJump, 'near', 109, { backend: cpuF64, train: trainE });
    const restarts = restartsOf(e);
    // The theorem's restarts, bit for bit, then the extra ones in order, the last at the certified minimum.
    expect(restarts.slice(0, own.length).map((s) => [s.seed, s.loss])).toEqual(own.map((r) => [r.seed, r.loss]));
    const extra = restarts.slice(own.length);
    expect(extra.length).toBeGreaterThan(0);
    expect(extra.map((s) => s.restart)).toEqual(extra.map((_, k) => own.length + k));
    expect(extra.every((s) => s.reason?.includes('extra restart'))).toBe(true);
    expect(extra.slice(0, -1).some((s) => s.atCertifiedMinimum)).toBe(false);
    expect(extra[extra.length - 1].atCertifiedMinimum).toBe(true);
    const attained = e.record.clauses.find((c) => c.clause === 'global-minimum-reached');
    expect(attained?.status).toBe('pass');
    // Replays train the same seeds: the same record.
    const again = evaluateRegime(tb22E, deepLinear, nearJump, 'near', 109, { backend: cpuF64, train: trainE });
    expect(restartsOf(again).map((s) => [s.seed, s.loss])).toEqual(restarts.map((s) => [s.seed, s.loss]));
  });

  it('are not trained where no restart converged (the budget failed, not the basin)', () => {
    const starved = { ...DEFAULT_TRAIN_OPTIONS, restarts: 2, maxIterations: 2 };
    const e = evaluateRegime(tb22T31, getModel(tb22T31.model), { K: 3, n: 2, d: 4, lambdaW: 0.01, lambdaH: 0.01 }, 'inside', 0, { backend: cpuF64, train: starved });
    expect(restartsOf(e)).toHaveLength(2);
    expect(restartsOf(e).some((s) => s.status === 'converged')).toBe(false);
  });

  it('are not trained where a restart reached the certified minimum', () => {
    const train = { ...DEFAULT_TRAIN_OPTIONS, restarts: 2 };
    const e = evaluateRegime(tb22T31, getModel(tb22T31.model), { K: 3, n: 2, d: 4, lambdaW: 0.01, lambdaH: 0.01 }, 'inside', 0, { backend: cpuF64, train });
    expect(restartsOf(e)).toHaveLength(2);
    expect(restartsOf(e).some((s) => s.atCertifiedMinimum)).toBe(true);
  });

  // A model whose "certificate" is shifted: above every restart (restarts below it: a decided
  // violation) or below anything reachable (never reached: the cap applies).
  const shifted = (model: Model, by: number): Model => ({
    ...model,
    certify: (regime) => {
      const c = model.certify!(regime)!;
      return { ...c, loss: c.loss + by };
    },
  });
  const mse = getModel(tb22T31.model);
  const regime = { K: 3, n: 2, d: 4, lambdaW: 0.01, lambdaH: 0.01 };
  const train = { ...DEFAULT_TRAIN_OPTIONS, restarts: 2 };

  it('are not trained where a restart went below the certificate (already decided: a violation)', () => {
    const e = evaluateRegime(tb22T31, shifted(mse, 0.1), regime, 'inside', 0, { backend: cpuF64, train });
    expect(restartsOf(e)).toHaveLength(2);
    const attained = e.record.clauses.find((c) => c.clause === 'global-minimum-reached');
    expect(attained?.status).toBe('violated');
    expect(attained?.reason).toContain('below the certified minimum');
  });

  it(`stop after ${EXTRA_RESTARTS} where none reaches the certified minimum`, () => {
    const e = evaluateRegime(tb22T31, shifted(mse, -0.1), regime, 'inside', 0, { backend: cpuF64, train });
    const restarts = restartsOf(e);
    expect(restarts).toHaveLength(2 + EXTRA_RESTARTS);
    expect(restarts.some((s) => s.atCertifiedMinimum)).toBe(false);
    expect(e.record.clauses.find((c) => c.clause === 'global-minimum-reached')?.status).toBe('inconclusive');
  });
});

describe('extra restarts of an uncertified regime (ReLU models), decided by the clauses', () => {
  const relu = getModel(tb22R.model);
  const trainR = resolveTrainOptions(tb22R, { seed: 424242 });
  // Regimes 0 and 66 of `nc-check verify TB22-R --mode near --runs 1000 --seed 424242`, at d = K
  // (the hypothesis' edge): in regime 0 every one of the theorem's ten restarts ends at a spurious
  // critical point, one class's unit dead (W H̄ of rank 0 or 1, above the predicted minimum).
  const deadUnits = { K: 2, n: 2, d: 2, L: 2, lambdaH: 0.601674880348276, lambdaW1: 0.1827945555661129, lambdaW2: 0.5638592361567254 };
  const decidedByOwn = { K: 2, n: 2, d: 2, L: 2, lambdaH: 0.4463869777003026, lambdaW1: 0.31492713124069577, lambdaW2: 0.4266386342500992 };

  it('alternate the theorem’s Gaussian starts with half-normal ones at its scales', () => {
    expect([0, 1, 2, 3, 4].map((k) => uncertifiedExtraStart(trainR, k))).toEqual([
      { kind: 'gaussian', scale: 0.3 },
      { kind: 'nonnegative', scale: 0.3 },
      { kind: 'gaussian', scale: 1 },
      { kind: 'nonnegative', scale: 1 },
      { kind: 'gaussian', scale: 0.3 },
    ]);
    const blocks = randomNonnegativeInit(relu, deadUnits, createRng(5), 0.3);
    expect(blocks.every((m) => m.data.every((v) => v >= 0))).toBe(true);
    // The same draws as the Gaussian start from that stream, in absolute value.
    expect(blocks.map((m) => Array.from(m.data))).toEqual(randomInit(relu, deadUnits, createRng(5), 0.3).map((m) => Array.from(m.data, Math.abs)));
  });

  it('decide a regime whose own restarts all end at spurious critical points, one at a time until no clause is an optimizer outcome', () => {
    const own = trainRestarts(cpuF64, relu, deadUnits, trainR);
    const e = evaluateRegime(tb22R, relu, deadUnits, 'near', 0, { backend: cpuF64, train: trainR });
    expect(e.record.certificate.available).toBe(false);
    const restarts = restartsOf(e);
    expect(restarts.slice(0, own.length).map((s) => [s.seed, s.loss, s.status])).toEqual(own.map((r) => [r.seed, r.loss, r.status]));
    const extra = restarts.slice(own.length);
    expect(extra.length).toBeGreaterThan(0);
    expect(extra.map((s) => s.restart)).toEqual(extra.map((_, k) => own.length + k));
    expect(extra.every((s, k) => s.reason?.endsWith(`(extra restart ${k + 1}, ${uncertifiedExtraStart(trainR, k).kind} start at scale ${uncertifiedExtraStart(trainR, k).scale}: a clause was inconclusive for an optimizer outcome)`))).toBe(true);
    // Before the last extra restart some clause was an optimizer outcome; after it, none is.
    expect(e.record.clauses.some(isOptimizerOutcome)).toBe(false);
    expect(e.record.clauses.find((c) => c.clause === 'linear-optimum-reached')).toMatchObject({ status: 'pass', witness: `restart ${restarts[restarts.length - 1].restart}` });
    const before = evaluateRegime(tb22R, relu, deadUnits, 'near', 0, { backend: cpuF64, train: { ...trainR, restarts: 0 } });
    expect(before.record.clauses.some(isOptimizerOutcome)).toBe(true);
    // A replay trains the same seeds: the same record.
    const again = evaluateRegime(tb22R, relu, deadUnits, 'near', 0, { backend: cpuF64, train: trainR });
    expect(restartsOf(again).map((s) => [s.seed, s.loss])).toEqual(restarts.map((s) => [s.seed, s.loss]));
    expect(again.record.clauses).toEqual(e.record.clauses);
  });

  it('are not trained where the theorem’s own restarts decide every clause', () => {
    const e = evaluateRegime(tb22R, relu, decidedByOwn, 'near', 66, { backend: cpuF64, train: trainR });
    expect(restartsOf(e)).toHaveLength(trainR.restarts);
    expect(e.record.clauses.some((c) => c.status === 'inconclusive')).toBe(false);
  });

  it('train Luby’s restart sequence of budgets, in tenths of the theorem’s, never above it', () => {
    expect(Array.from({ length: 16 }, (_, i) => lubyTerm(i + 1))).toEqual([1, 1, 2, 1, 1, 2, 4, 1, 1, 2, 1, 1, 2, 4, 8, 1]);
    expect(Array.from({ length: 15 }, (_, k) => uncertifiedExtraIterations(trainR, k))).toEqual([100, 100, 200, 100, 100, 200, 400, 100, 100, 200, 100, 100, 200, 400, 800]);
    expect(uncertifiedExtraIterations({ ...trainR, maxIterations: 5 }, 6)).toBe(4);
    expect(uncertifiedExtraIterations({ ...trainR, maxIterations: 5 }, 14)).toBe(5);
  });

  it(`stop at ${UNCERTIFIED_BUDGET_FACTOR} times the theorem’s own iteration budget, or at ${UNCERTIFIED_EXTRA_RESTARTS} restarts`, () => {
    // No restart converges in 5 iterations: every extra restart spends its whole budget (1, 1, 2, 1,
    // 1, 2, 4, …, at most 5) until they have spent three times the theorem's own (2 restarts × 5 = 10), 30.
    const starved = { ...trainR, restarts: 2, maxIterations: 5 };
    const e = evaluateRegime(tb22R, relu, deadUnits, 'near', 0, { backend: cpuF64, train: starved });
    expect(restartsOf(e).map((s) => s.iterations)).toEqual([5, 5, 1, 1, 2, 1, 1, 2, 4, 1, 1, 2, 1, 1, 2, 4, 5, 1]);
    expect(restartsOf(e).every((s) => s.status === 'budget-exhausted')).toBe(true);
    // A prediction below reach: every extra restart converges above it, in a few dozen iterations
    // of budgets of 2,000 and more (a tenth of 20,000 and up), so the count stops them.
    const low = { ...tb22R, predict: (r: Regime) => ({ ...tb22R.predict(r), loss: tb22R.predict(r).loss - 0.1 }) };
    const capped = evaluateRegime(low, relu, deadUnits, 'near', 0, { backend: cpuF64, train: { ...trainR, restarts: 1, maxIterations: 20000 } });
    expect(restartsOf(capped)).toHaveLength(1 + UNCERTIFIED_EXTRA_RESTARTS);
    expect(restartsOf(capped).every((s) => s.status === 'converged')).toBe(true);
    expect(capped.record.clauses.find((c) => c.clause === 'linear-optimum-reached')?.status).toBe('inconclusive');
  });

  it('are not trained with --restarts 0', () => {
    const e = evaluateRegime(tb22R, relu, deadUnits, 'near', 0, { backend: cpuF64, train: { ...trainR, restarts: 0 } });
    expect(restartsOf(e)).toHaveLength(0);
  });
});

describe('which inconclusive clauses are optimizer outcomes', () => {
  const base = { clause: 'c', kind: 'equality' as const };
  it('those whose reason says so, and no other', () => {
    expect(isOptimizerOutcome({ ...base, status: 'inconclusive', reason: 'optimizer outcome: no restart met the stopping certificate (…)' })).toBe(true);
    expect(isOptimizerOutcome({ ...base, status: 'inconclusive', reason: 'holds at the certified minimizer, but no restart reached the certified minimum (optimizer outcome)' })).toBe(true);
    expect(isOptimizerOutcome({ ...base, status: 'inconclusive', reason: 'refutation search: no solution below the claimed minimum 1; best gap found 1e-3' })).toBe(false);
    expect(isOptimizerOutcome({ ...base, status: 'inconclusive', reason: 'measured or predicted value on restart 0 is not finite' })).toBe(false);
    expect(isOptimizerOutcome({ ...base, status: 'pass', reason: 'optimizer outcome' })).toBe(false);
  });
});

describe('a regime without a certificate that trained extra restarts', () => {
  const mseModel = getModel('ufm-mse');
  // Ridge bias with d < K has no certificate. A prediction below reach keeps the attained clause an
  // optimizer outcome (so the extra restarts run to their cap), and an identity clause is violated.
  const theorem = defineTheorem({
    id: 'EXTRA-TRACES',
    title: 't',
    citation: 'c',
    provenance: { kind: 'derived' },
    model: 'ufm-mse',
    normalization: 'n',
    parameters: { K: integer('K', { min: 2 }), n: integer('n', { min: 1 }), d: integer('d', { min: 1 }), lambdaW: positive('w'), lambdaH: positive('h'), lambdaB: nonNegative('b') },
    hypothesis: { text: 'any', check: () => true as const },
    predict: () => ({ loss: -1 }),
    clauses: ({ attained, identity }) => [
      attained('a', { statement: 's' }),
      identity('never', { statement: 's', tolerance: { rtol: 0, atol: 1 }, predicted: () => 0, measured: () => 50 }),
    ],
    regimes: { inside: fc.constant({ K: 3, n: 1, d: 2, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0.5 }) },
  });

  it('checks clauses that read no solution once, however many extra restarts follow', () => {
    let calls = 0;
    const counted = defineTheorem({
      ...theorem,
      id: 'EXTRA-ONCE',
      clauses: ({ attained, stationary, identity }) => [
        attained('a', { statement: 's' }),
        stationary('s', { statement: 's', point: (r) => (calls++, mseModel.blocks(r).map((b) => mat(b.rows, b.cols))) }),
        identity('r', { statement: 's', tolerance: { rtol: 0, atol: 1 }, points: 'random', predicted: () => 0, measured: () => (calls++, 0) }),
      ],
    });
    const e = evaluateRegime(counted, mseModel, { K: 3, n: 1, d: 2, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0.5 }, 'inside', 0, { backend: cpuF64, train: { ...DEFAULT_TRAIN_OPTIONS, restarts: 1 } });
    expect(restartsOf(e)).toHaveLength(1 + UNCERTIFIED_EXTRA_RESTARTS);
    // One stationary point, and the identity at its 6 random points: once.
    expect(calls).toBe(1 + IDENTITY_POINTS);
    // (The zero point is no critical point at the predicted loss −1: violated, decided once.)
    expect(e.record.clauses.map((c) => c.status)).toEqual(['inconclusive', 'violated', 'pass']);
  });

  it('keeps the traces of the theorem’s own restarts only (the witness is not a restart here)', async () => {
    const result = await verifyTheoremMode(theorem, 'inside', cpuF64, { modes: ['inside'], runs: 1, seed: 1, train: { restarts: 2 } });
    const cx = result.counterexamples.find((c) => c.clause === 'never');
    expect(cx?.record.solutions).toHaveLength(2 + UNCERTIFIED_EXTRA_RESTARTS);
    expect(cx?.traces.map((t) => t.solution)).toEqual(['restart 0', 'restart 1']);
  });
});
