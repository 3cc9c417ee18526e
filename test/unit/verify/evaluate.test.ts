import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { identity, mat, scale } from '../../../src/linalg/matrix.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { integer, nonNegative, positive } from '../../../src/regime/parameters.ts';
import { defineTheorem } from '../../../src/theorem/define.ts';
import { derived } from '../../../src/theorem/provenance.ts';
import { DEFAULT_TRAIN_OPTIONS } from '../../../src/train/train.ts';
import { compareQuantities, ratio, ShapeMismatchError } from '../../../src/verify/compare.ts';
import { evaluateRegime, hypothesisOf, isNearThreshold } from '../../../src/verify/evaluate.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';

const ctx = { backend: cpuF64, train: { ...DEFAULT_TRAIN_OPTIONS, restarts: 2 } };
const reference = { K: 3, n: 2, d: 4, lambdaW: 0.01, lambdaH: 0.01 };

/** A small theorem whose clauses exercise every verdict path. */
const probe = defineTheorem({
  id: 'PROBE',
  title: 'probe',
  citation: 'test',
  provenance: derived(),
  model: 'ufm-mse',
  normalization: 'TB22',
  parameters: {
    K: integer('K', { min: 2 }),
    n: integer('n', { min: 1 }),
    d: integer('d', { min: 1 }),
    lambdaW: positive('λ_W'),
    lambdaH: positive('λ_H'),
    lambdaB: nonNegative('λ_b', { optional: true }),
  },
  hypothesis: { text: 'd ≥ K', check: (r) => r.d >= r.K || 'd < K' },
  thresholds: [{ name: 'c = 1', value: (r) => Math.sqrt(r.lambdaW * r.lambdaH), at: 1 }],
  predict: (r) => ({ loss: Math.sqrt(r.lambdaW * r.lambdaH) - (r.lambdaW * r.lambdaH) / 2, rho: 1 }),
  minimizer: () => [mat(1, 1)],
  clauses: ({ bound, attained, equality, stationary }) => [
    bound('bound', { statement: 'lower bound' }),
    attained('attained', { statement: 'reached' }),
    equality('nan', { statement: 'undefined measurement', predicted: () => 0, measured: () => NaN }),
    equality('throws', {
      statement: 'clause code fails',
      predicted: () => {
        throw new Error('boom');
      },
      measured: () => 0,
    }),
    equality('shape', { statement: 'wrong shape', predicted: () => identity(2), measured: (m) => m.WWt }),
    equality('not-here', { statement: 'never applies', when: () => 'not in this regime', predicted: () => 0, measured: () => 0 }),
    equality('wrong', { statement: 'WWt = 2 I', predicted: (_p, r) => scale(identity(r.K), 2), measured: (m) => m.WWt }),
    stationary('stationary-shape', { statement: 'a 1x1 minimizer for a K x d block' }),
  ],
});

describe('compare', () => {
  it('uses max-entry error against atol + rtol·max|predicted|', () => {
    const c = compareQuantities(mat(1, 2, [1.1, 0]), mat(1, 2, [1, 0]), { rtol: 0.1, atol: 0 });
    expect(c.error).toBeCloseTo(0.1, 15);
    expect(c.allowance).toBeCloseTo(0.1, 15);
    expect(c.finite).toBe(true);
    expect(compareQuantities(NaN, 0, { rtol: 0, atol: 1 }).finite).toBe(false);
    expect(() => compareQuantities(mat(1, 2), mat(2, 1), { rtol: 0, atol: 1 })).toThrow(ShapeMismatchError);
    expect(ratio(0, 0)).toBe(0);
    expect(ratio(1, 0)).toBe(Infinity);
  });
});

describe('evaluateRegime', () => {
  it('passes every clause of TB22-T3.1 at the reference example, with the certificate among the solutions', () => {
    const { record } = evaluateRegime(tb22T31, mseUfm, reference, 'inside', 0, ctx);
    expect(record.hypothesisHolds).toBe(true);
    expect(record.certificate).toMatchObject({ available: true, unique: true });
    expect(record.certificate.loss).toBeCloseTo(0.00995, 14);
    expect(record.solutions.map((s) => s.source)).toEqual(['restart', 'restart', 'certificate']);
    for (const s of record.solutions) expect(Math.abs(s.gapToPredicted)).toBeLessThan(1e-12);
    for (const c of record.clauses) expect([c.clause, c.status]).toEqual([c.clause, c.clause.startsWith('zero') ? 'not-applicable' : 'pass']);
  });

  it('gives each failure its own verdict: error, inconclusive, not-applicable, violated', () => {
    const { record } = evaluateRegime(probe, mseUfm, reference, 'inside', 0, ctx);
    const status = Object.fromEntries(record.clauses.map((c) => [c.clause, c.status]));
    expect(status).toMatchObject({
      bound: 'pass',
      attained: 'pass',
      nan: 'inconclusive',
      throws: 'error',
      shape: 'error',
      'not-here': 'not-applicable',
      wrong: 'violated',
      'stationary-shape': 'error',
    });
    const throws = record.clauses.find((c) => c.clause === 'throws');
    expect(throws?.reason).toMatch(/boom/);
    expect(record.clauses.find((c) => c.clause === 'wrong')?.witness).toBeDefined();
  });

  it('reports an optimizer outcome as inconclusive, never as a pass', () => {
    const starved = { backend: cpuF64, train: { ...DEFAULT_TRAIN_OPTIONS, restarts: 1, maxIterations: 2 } };
    const { record } = evaluateRegime(tb22T31, mseUfm, reference, 'inside', 0, starved);
    const status = Object.fromEntries(record.clauses.map((c) => [c.clause, c.status]));
    expect(status['global-minimum-reached']).toBe('inconclusive');
    expect(status['orthogonal-frame']).toBe('inconclusive');
    expect(record.clauses.find((c) => c.clause === 'orthogonal-frame')?.reason).toMatch(/no restart reached the certified minimum/);
    // violations never need training: the bound still holds against the certificate
    expect(status['loss-lower-bound']).toBe('pass');
  });

  it('without a certificate (ridge bias, d < K) compares against the best restarts and says so', () => {
    const { record } = evaluateRegime(probe, mseUfm, { K: 3, n: 1, d: 2, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0.5 }, 'outside', 0, ctx);
    expect(record.certificate.available).toBe(false);
    const attained = record.clauses.find((c) => c.clause === 'attained')!;
    expect(attained.certified).toBe(false);
    expect(record.clauses.find((c) => c.clause === 'wrong')?.certified).toBe(false);
  });

  it('widens tolerances within 2% of a threshold and knows the hypothesis', () => {
    const near = { ...reference, lambdaW: 1, lambdaH: 0.99 };
    expect(isNearThreshold(tb22T31, near)).toBe(true);
    expect(isNearThreshold(tb22T31, reference)).toBe(false);
    expect(evaluateRegime(tb22T31, mseUfm, near, 'near', 0, ctx).record.toleranceFactor).toBe(100);
    expect(hypothesisOf(tb22T31, { ...reference, d: 2 })).toEqual({ holds: false, reason: 'd = 2 < K = 3' });
  });
});
