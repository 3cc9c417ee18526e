// Training from random initialization, end to end, as a property: on random
// regimes inside each theorem's hypothesis, some restart reaches the certified
// global minimum and no clause is violated or undecided.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { cpuF64 } from '../src/backend/cpu-f64.ts';
import { mseUfm } from '../src/models/ufm-mse.ts';
import { DEFAULT_TRAIN_OPTIONS } from '../src/train/train.ts';
import { evaluateRegime } from '../src/verify/evaluate.ts';
import { modeAccepts, modeArbitrary } from '../src/theorem/modes.ts';
import tb22T31 from '../theorems/tb22-t3-1.ts';
import tb22B from '../theorems/tb22-b.ts';

describe.each([tb22T31, tb22B])('$id', (theorem) => {
  test.prop([modeArbitrary(theorem, 'inside')], { numRuns: 12 })('every clause passes or does not apply', (regime) => {
    fc.pre(modeAccepts(theorem, 'inside', regime));
    const { record } = evaluateRegime(theorem, mseUfm, regime, 'inside', 0, { backend: cpuF64, train: { ...DEFAULT_TRAIN_OPTIONS, restarts: 2 } });
    expect(record.solutions.some((s) => s.source === 'restart' && s.atCertifiedMinimum)).toBe(true);
    for (const c of record.clauses) expect(['pass', 'not-applicable']).toContain(c.status);
  });
});
