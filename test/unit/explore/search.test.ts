// Targeted search: deterministic for a seed, within its budget, moving only to
// valid regimes of the mode, and scoring outcomes so that violations rank first.
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { hillClimb, neighbours, randomSearch, sampledRegimes, score } from '../../../src/explore/search.ts';
import { modeAccepts } from '../../../src/theorem/modes.ts';
import { resolveTrainOptions } from '../../../src/verify/runner.ts';
import { planMode } from '../../../src/verify/plan.ts';
import tb22 from '../../../theorems/tb22-t3-1.ts';

const train = { ...resolveTrainOptions(tb22, { seed: 3 }), restarts: 1 };
const options = { budget: 5, seed: 3, train };

describe('score', () => {
  it('orders outcomes by margin, violations above passes, and not-applicable last', () => {
    const o = (status: 'pass' | 'violated' | 'inconclusive' | 'not-applicable', margin?: number) => ({ clause: 'c', kind: 'equality' as const, status, margin });
    expect(score(o('violated', 1e6))).toBeGreaterThan(score(o('pass', 0.9)));
    expect(score(o('pass', 0.9))).toBeGreaterThan(score(o('pass', 1e-6)));
    expect(score(o('violated'))).toBe(Infinity);
    expect(score(o('inconclusive'))).toBeGreaterThan(score(o('not-applicable')));
    expect(score(undefined)).toBe(-Infinity);
  });
});

describe('neighbours', () => {
  it('move one parameter at a time (±1, or ×10^±step for λ), staying valid and in the mode', () => {
    const r = { K: 3, n: 1, d: 2, lambdaW: 0.1, lambdaH: 0.1 };
    const ns = neighbours(tb22, 'outside', r, 0.5);
    for (const { regime, move } of ns) {
      expect(modeAccepts(tb22, 'outside', regime)).toBe(true);
      const changed = Object.keys(r).filter((k) => regime[k] !== r[k as keyof typeof r]);
      expect(changed).toEqual([move.key]);
    }
    const moves = ns.map((x) => `${x.move.key}${x.move.direction > 0 ? '+' : '-'}`).sort();
    // n − 1 would leave the valid range, d + 1 = K leaves the outside mode.
    expect(moves).toEqual(['K+', 'd-', 'lambdaH+', 'lambdaH-', 'lambdaW+', 'lambdaW-', 'n+'].sort());
    expect(ns.find((x) => x.move.key === 'lambdaW' && x.move.direction > 0)?.regime.lambdaW).toBeCloseTo(0.1 * 10 ** 0.5, 12);
  });
});

describe('random and targeted search', () => {
  it('start from the same sampled regime the verify run would evaluate first', () => {
    const plan = planMode(tb22, 'outside', { runs: 3, seed: 3 });
    expect(plan.ok && plan.items.map((i) => i.regime)).toEqual(sampledRegimes(tb22, 'outside', 3, 3));
    const r = randomSearch(tb22, 'outside', 'orthogonal-frame', cpuF64, options);
    const h = hillClimb(tb22, 'outside', 'orthogonal-frame', cpuF64, options);
    expect(h.history[0].regime).toEqual(r.history[0].regime);
  });

  it('are deterministic for a seed and never exceed the budget', () => {
    const a = hillClimb(tb22, 'outside', 'orthogonal-frame', cpuF64, options);
    const b = hillClimb(tb22, 'outside', 'orthogonal-frame', cpuF64, options);
    expect(b.history).toEqual(a.history);
    expect(a.evaluations).toBeLessThanOrEqual(5);
    expect(a.best?.outcome.status).toBe('violated');
    // The climb only accepts improvements: the best is at least where it started.
    expect(score(a.best?.outcome)).toBeGreaterThanOrEqual(score({ clause: 'x', kind: 'equality', status: a.history[0].status as 'pass', margin: a.history[0].margin }));
    const stop = hillClimb(tb22, 'outside', 'orthogonal-frame', cpuF64, { ...options, stopAtViolation: true });
    expect(stop.evaluations).toBe(stop.firstViolationAt);
  });

  it('spend the whole budget on a clause that never breaks, and report its worst regime', () => {
    const r = randomSearch(tb22, 'outside', 'loss-lower-bound', cpuF64, { ...options, budget: 3 });
    expect(r.firstViolationAt).toBeUndefined();
    expect(r.evaluations).toBe(3);
    expect(r.best?.outcome.status).toBe('pass');
  });
});
