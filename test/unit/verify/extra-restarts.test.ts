// Extra restarts (src/verify/extra-restarts.ts): spent only where no restart reached the certified
// minimum and none went below it; every regime decided by the theorem's own restarts is untouched.
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import type { Model } from '../../../src/models/model.ts';
import { getModel } from '../../../src/models/registry.ts';
import { singularValues } from '../../../src/linalg/decompositions.ts';
import { createRng } from '../../../src/random/rng.ts';
import { DEFAULT_TRAIN_OPTIONS, randomOrthogonalInit, trainRestarts } from '../../../src/train/train.ts';
import { evaluateRegime } from '../../../src/verify/evaluate.ts';
import { EXTRA_RESTARTS, extraStart } from '../../../src/verify/extra-restarts.ts';
import { resolveTrainOptions } from '../../../src/verify/runner.ts';
import tb22E from '../../../theorems/tb22-e.ts';
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
