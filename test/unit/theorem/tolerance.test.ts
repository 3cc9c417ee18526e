// The tolerance table, pinned to what the documentation promises (README "Tolerances"
// and its backend table: float64 loss 1e-10, Grams 1e-8, NC1 1e-12 absolute; float32
// 1e-6 / 1e-4 / 1e-8; within 2% of a threshold everything widens 100×; scalar and
// gradient as documented in src/theorem/tolerance.ts), and for each named tolerance
// a theorem "mutant" just outside it (violated) next to one just inside (holds).
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { integer, positive } from '../../../src/regime/parameters.ts';
import { equality, identity } from '../../../src/theorem/clause.ts';
import { defineTheorem } from '../../../src/theorem/define.ts';
import { allowance, NEAR_THRESHOLD_BAND, NEAR_THRESHOLD_FACTOR, resolveTolerance, TOLERANCES, type ToleranceName } from '../../../src/theorem/tolerance.ts';
import { DEFAULT_TRAIN_OPTIONS } from '../../../src/train/train.ts';
import { compareQuantities } from '../../../src/verify/compare.ts';
import { evaluateRegime } from '../../../src/verify/evaluate.ts';

/** The documented values (written out here, not read from the code under test). */
const DOCUMENTED: Record<ToleranceName, Record<'float64' | 'float32', { rtol: number; atol: number }>> = {
  loss: { float64: { rtol: 1e-10, atol: 1e-10 }, float32: { rtol: 1e-6, atol: 1e-6 } },
  gram: { float64: { rtol: 1e-8, atol: 1e-8 }, float32: { rtol: 1e-4, atol: 1e-4 } },
  nc1: { float64: { rtol: 0, atol: 1e-12 }, float32: { rtol: 0, atol: 1e-8 } },
  scalar: { float64: { rtol: 1e-8, atol: 1e-8 }, float32: { rtol: 1e-4, atol: 1e-4 } },
  gradient: { float64: { rtol: 0, atol: 1e-9 }, float32: { rtol: 0, atol: 1e-3 } },
};
const NAMES = Object.keys(DOCUMENTED) as ToleranceName[];

describe('the tolerance table', () => {
  it('holds exactly the documented values, per name and dtype, and nothing else', () => {
    expect(TOLERANCES).toEqual(DOCUMENTED);
    for (const name of NAMES) for (const dtype of ['float64', 'float32'] as const) expect(resolveTolerance(name, dtype)).toEqual(DOCUMENTED[name][dtype]);
    expect([NEAR_THRESHOLD_BAND, NEAR_THRESHOLD_FACTOR]).toEqual([0.02, 100]);
  });

  it('widens both parts by the factor, for named, explicit and per-dtype policies', () => {
    expect(resolveTolerance('gram', 'float64', 100)).toEqual({ rtol: 1e-6, atol: 1e-6 });
    expect(resolveTolerance('nc1', 'float32', 100)).toEqual({ rtol: 0, atol: 1e-6 });
    expect(resolveTolerance({ rtol: 3, atol: 5 }, 'float32', 2)).toEqual({ rtol: 6, atol: 10 });
    expect(resolveTolerance({ float64: { rtol: 1, atol: 2 }, float32: { rtol: 3, atol: 4 } }, 'float64', 10)).toEqual({ rtol: 10, atol: 20 });
  });

  it('gives an equality or identity that names no tolerance a default exactly as strict as "scalar" (no silent weakening of a scalar claim)', () => {
    // docs/authoring.md promises this: the builders default to 'gram', whose numbers are the scalar ones.
    for (const clause of [equality('e', { statement: 's', predicted: () => 1, measured: () => 1 }), identity('i', { statement: 's', predicted: () => 1, measured: () => 1 })]) {
      for (const dtype of ['float64', 'float32'] as const) expect(resolveTolerance(clause.tolerance, dtype)).toEqual(DOCUMENTED.scalar[dtype]);
    }
  });

  it('allows atol + rtol·|scale|, whatever the sign of the scale', () => {
    expect(allowance({ rtol: 0.5, atol: 0.25 }, 4)).toBe(2.25);
    expect(allowance({ rtol: 0.5, atol: 0.25 }, -4)).toBe(2.25);
    expect(allowance({ rtol: 0.5, atol: 0.25 }, 0)).toBe(0.25);
  });
});

describe('a mutant just outside each tolerance is caught; one just inside is not', () => {
  const regime = { K: 2, n: 1, d: 2, lambdaW: 0.1, lambdaH: 0.1 };
  const ctx = { backend: cpuF64, train: { ...DEFAULT_TRAIN_OPTIONS, restarts: 0 } };
  /** A theorem whose identity clause predicts 1 while the "measurement" is 1 + offset: a wrong constant by `offset`. */
  const mutant = (name: ToleranceName, offset: number) =>
    defineTheorem({
      id: 'TOLERANCE-MUTANT',
      title: 't',
      citation: 'c',
      provenance: { kind: 'derived' as const },
      model: 'ufm-mse',
      normalization: 'n',
      parameters: { K: integer('K', { min: 2 }), n: integer('n', { min: 1 }), d: integer('d', { min: 1 }), lambdaW: positive('w'), lambdaH: positive('h') },
      hypothesis: { text: 'any', check: () => true as const },
      predict: () => ({ loss: 0 }),
      clauses: ({ identity }) => [identity('c', { statement: 's', tolerance: name, predicted: () => 1, measured: () => 1 + offset })],
    });

  it.each(NAMES)('%s (float64, through a theorem and evaluateRegime)', (name) => {
    const { rtol, atol } = DOCUMENTED[name].float64;
    const allowed = atol + rtol; // predicted scale 1
    const verdict = (offset: number) => evaluateRegime(mutant(name, offset), mseUfm, regime, 'inside', 0, ctx).record.clauses[0].status;
    expect(verdict(allowed * 1.001)).toBe('violated');
    expect(verdict(-allowed * 1.001)).toBe('violated');
    expect(verdict(allowed * 0.999)).toBe('pass');
  });

  it.each(NAMES)('%s (float32 policy, through compareQuantities)', (name) => {
    const tol = resolveTolerance(name, 'float32');
    const { rtol, atol } = DOCUMENTED[name].float32;
    const allowed = atol + rtol;
    expect(compareQuantities(1 + allowed * 1.001, 1, tol).margin).toBeGreaterThan(1);
    expect(compareQuantities(1 + allowed * 0.999, 1, tol).margin).toBeLessThanOrEqual(1);
  });
});
