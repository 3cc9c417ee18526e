// The verdict boundary of each clause checker, at margins exactly 1 (holds: "≤ 1 holds")
// and just above 1 (violated), with tolerances chosen so that every difference is exact in
// float64; and the near-threshold band's edges and widening. Driven through evaluateRegime,
// as a theorem author's clause is, with no or one training restart to stay fast.
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { integer, nonNegative, positive } from '../../../src/regime/parameters.ts';
import type { Regime } from '../../../src/regime/regime.ts';
import { defineTheorem, type Theorem } from '../../../src/theorem/define.ts';
import { NEAR_THRESHOLD_BAND, NEAR_THRESHOLD_FACTOR } from '../../../src/theorem/tolerance.ts';
import { DEFAULT_TRAIN_OPTIONS } from '../../../src/train/train.ts';
import { evaluateRegime, isNearThreshold } from '../../../src/verify/evaluate.ts';
import { checkAttained } from '../../../src/verify/checkers.ts';
import type { Measurements } from '../../../src/measure/measurements.ts';

const noTraining = { backend: cpuF64, train: { ...DEFAULT_TRAIN_OPTIONS, restarts: 0 } };
const oneRestart = { backend: cpuF64, train: { ...DEFAULT_TRAIN_OPTIONS, restarts: 1 } };
const regime = { K: 2, n: 1, d: 2, lambdaW: 0.1, lambdaH: 0.1 };

const base = {
  id: 'BOUNDARY',
  title: 't',
  citation: 'c',
  provenance: { kind: 'derived' as const },
  model: 'ufm-mse',
  normalization: 'n',
  parameters: {
    K: integer('K', { min: 2 }),
    n: integer('n', { min: 1 }),
    d: integer('d', { min: 1 }),
    lambdaW: positive('w'),
    lambdaH: positive('h'),
    lambdaB: nonNegative('b', { optional: true }),
  },
  hypothesis: { text: 'any', check: () => true as const },
};

/** The next double above x (x > 0). */
const up = (x: number): number => {
  const b = new Float64Array([x]);
  new BigInt64Array(b.buffer)[0] += 1n;
  return b[0];
};

const status = (t: Theorem, r: Regime, ctx = noTraining) => evaluateRegime(t, mseUfm, r, 'inside', 0, ctx).record.clauses[0];

describe('equality and identity clauses: margin 1 holds, the next double above fails', () => {
  // |measured − predicted| = 0.75 − 0.25 = 0.5 exactly; the allowance atol + rtol·|0.25| is 0.5 exactly too.
  const theorem = (kind: 'equality' | 'identity', atol: number) =>
    defineTheorem({
      ...base,
      predict: () => ({ loss: 0 }),
      clauses: ({ equality, identity }) => [
        kind === 'equality'
          ? equality('eq', { statement: 's', tolerance: { rtol: 1, atol }, predicted: () => 0.25, measured: () => 0.75 })
          : identity('id', { statement: 's', tolerance: { rtol: 1, atol }, predicted: () => 0.25, measured: () => 0.75 }),
      ],
    });

  it.each(['equality', 'identity'] as const)('%s', (kind) => {
    const at = status(theorem(kind, 0.25), regime);
    expect(at.margin).toBe(1);
    // An equality with no restart at the optimum is inconclusive at best; what matters is that margin 1 is not a violation.
    expect(at.status).toBe(kind === 'equality' ? 'inconclusive' : 'pass');
    const beyond = status(theorem(kind, 0.25 - 2 ** -54), regime);
    expect(beyond.margin).toBeGreaterThan(1);
    expect(beyond.status).toBe('violated');
    expect(beyond.reason).toMatch(/deviation 5\.000e-1 exceeds the allowance 5\.000e-1/);
  });

  it('equality passes at margin exactly 1 when a trained restart reached the certified minimum', () => {
    const at = status(theorem('equality', 0.25), regime, oneRestart);
    expect([at.status, at.margin]).toEqual(['pass', 1]);
  });
});

describe('bound clauses: a solution exactly one allowance below the prediction holds', () => {
  // The only solution without training is the certificate: its loss is deterministic. Computed inside
  // the test, not at collection (code run at collection is "static" for mutation testing).
  const certifiedLoss = (): number => evaluateRegime(
    defineTheorem({ ...base, predict: () => ({ loss: 0 }), clauses: ({ bound }) => [bound('b', { statement: 's' })] }),
    mseUfm,
    regime,
    'inside',
    0,
    noTraining,
  ).record.solutions[0].loss;

  const theorem = (predicted: number, atol: number) =>
    defineTheorem({ ...base, predict: () => ({ loss: predicted }), clauses: ({ bound }) => [bound('b', { statement: 's', tolerance: { rtol: 0, atol } })] });

  it('at margin 1, and violated one double further', () => {
    const certified = certifiedLoss();
    const predicted = certified + 2 ** -20;
    const below = predicted - certified; // exact (Sterbenz): the error the checker computes
    const at = status(theorem(predicted, below), regime);
    expect([at.status, at.margin, at.error]).toEqual(['pass', 1, below]);
    const beyond = status(theorem(predicted, below - 2 ** -60), regime);
    expect(beyond.status).toBe('violated');
    expect(beyond.reason).toMatch(/has loss .* < predicted minimum/);
    // A prediction below every solution is no violation at all: margin 0.
    const under = status(theorem(certified - 1e-3, 1e-12), regime);
    expect([under.status, under.margin, under.error]).toEqual(['pass', 0, 0]);
  });
});

describe('attained clauses (no certificate: ridge bias with d < K) around the best converged restart', () => {
  const uncertified = { K: 3, n: 1, d: 2, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0.5 };
  const theorem = (predicted: number, atol: number) =>
    defineTheorem({ ...base, predict: () => ({ loss: predicted }), clauses: ({ attained }) => [attained('a', { statement: 's', tolerance: { rtol: 0, atol } })] });
  it('holds at a gap of exactly one allowance on either side; beyond, below is a violation and above an optimizer outcome', () => {
    const reached = evaluateRegime(theorem(1, 1), mseUfm, uncertified, 'inside', 0, oneRestart).record.solutions[0];
    expect(reached.status).toBe('converged');
    const best = reached.loss;
    for (const sign of [1, -1]) {
      const predicted = best - sign * 2 ** -20;
      const gap = Math.abs(best - predicted);
      const at = status(theorem(predicted, gap), uncertified, oneRestart);
      expect([at.status, at.margin, at.certified]).toEqual(['pass', 1, false]);
      expect(at.reason).toBe('compared with the prediction: no certificate');
      if (sign === -1) {
        // The best restart below the prediction: a violation, decided by the theorem's own restart.
        const beyond = status(theorem(predicted, gap - 2 ** -60), uncertified, oneRestart);
        expect(beyond.status).toBe('violated');
        expect(beyond.reason).toMatch(/below the predicted minimum/);
      } else {
        // Above it: an optimizer outcome at the checker's boundary (one restart, checked directly)…
        const restart = { label: 'restart 0', params: [], measurements: {} as Measurements, summary: reached };
        const beyond = checkAttained({ clause: 'a', kind: 'attained' }, [restart], undefined, predicted, gap - 2 ** -60);
        expect(beyond.status).toBe('inconclusive');
        expect(beyond.reason).toMatch(/optimizer outcome: best restart .* is above the predicted minimum \(no certificate\)/);
        // …so evaluation trains extra restarts until the clause is decided: here the first one
        // ends a rounding error lower (its own path to the same minimum), within the allowance.
        const e = evaluateRegime(theorem(predicted, gap - 2 ** -60), mseUfm, uncertified, 'inside', 0, oneRestart).record;
        expect(e.solutions).toHaveLength(2);
        expect(e.solutions[1].reason).toMatch(/extra restart 1, .*: a clause was inconclusive for an optimizer outcome\)$/);
        expect(e.clauses[0]).toMatchObject({ status: 'pass', witness: 'restart 1' });
        expect(e.clauses[0].margin).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('the near-threshold band', () => {
  const withThreshold = (at: number) =>
    defineTheorem({
      ...base,
      predict: () => ({ loss: 0 }),
      thresholds: [{ name: 'x', value: (r) => r.lambdaW, at }],
      clauses: ({ identity }) => [identity('id', { statement: 's', tolerance: { rtol: 0, atol: 1 }, predicted: () => 0, measured: () => 50 })],
    });

  it('is 2% on either side of the threshold, and widens every tolerance 100× inside it', () => {
    expect([NEAR_THRESHOLD_BAND, NEAR_THRESHOLD_FACTOR]).toEqual([0.02, 100]);
    const t = withThreshold(0.5);
    for (const [w, near] of [
      [0.5, true],
      [0.5 * 1.0199, true],
      [0.5 * 0.9801, true],
      [0.5 * 1.0201, false],
      [0.5 * 0.9799, false],
      [0.5 * 1.05, false],
    ] as const) {
      const r = { ...regime, lambdaW: w };
      expect(isNearThreshold(t, r), String(w)).toBe(near);
      const { record } = evaluateRegime(t, mseUfm, r, near ? 'near' : 'inside', 0, noTraining);
      expect(record.toleranceFactor).toBe(near ? 100 : 1);
      // error 50 against atol 1: violated outside the band, within the widened allowance (100) inside it.
      expect([record.clauses[0].status, record.clauses[0].margin]).toEqual(near ? ['pass', 0.5] : ['violated', 50]);
    }
  });
});
