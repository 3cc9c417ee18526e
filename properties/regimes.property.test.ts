// The regime generators keep their promises (fast-check's ArbitraryAssertions
// idea): the same seed gives the same regimes; every regime of a mode belongs
// to it; shrinking stays inside the mode's side of the hypothesis; and a
// fixed-seed snapshot guards against silent changes in what gets generated.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Regime } from '../src/regime/regime.ts';
import type { Mode, Theorem } from '../src/theorem/define.ts';
import { validateTheoremRegime } from '../src/verify/runner.ts';
import { logUniform } from '../src/regime/log-uniform.ts';
import { modeAccepts, modeArbitrary, nearAnyThreshold } from '../src/theorem/modes.ts';
import { regimeFromParameters } from '../src/regime/from-parameters.ts';
import tb22T31 from '../theorems/tb22-t3-1.ts';
import tb22B from '../theorems/tb22-b.ts';

const cases: [Theorem, Mode][] = [
  [tb22T31, 'inside'],
  [tb22T31, 'near'],
  [tb22T31, 'outside'],
  [tb22B, 'inside'],
  [tb22B, 'near'],
  [tb22B, 'outside'],
];

/** Every value fast-check visits while shrinking a failure from this generator. */
function shrinkCandidates(arb: fc.Arbitrary<Regime>, seed: number): Regime[] {
  const seen: Regime[] = [];
  fc.check(fc.property(arb, (r) => (seen.push(r), false)), { seed, numRuns: 1 });
  return seen;
}

describe.each(cases)('%s / %s generator', (theorem, mode) => {
  const arb = modeArbitrary(theorem, mode);

  it('is deterministic for a seed', () => {
    expect(fc.sample(arb, { seed: 11, numRuns: 20 })).toEqual(fc.sample(arb, { seed: 11, numRuns: 20 }));
  });

  it('produces valid regimes, mostly in its mode', () => {
    const sample = fc.sample(arb, { seed: 5, numRuns: 300 });
    for (const r of sample) expect(() => validateTheoremRegime(theorem, r)).not.toThrow();
    const inMode = sample.filter((r) => modeAccepts(theorem, mode, r)).length;
    expect(inMode / sample.length).toBeGreaterThan(0.5);
  });

  it('keeps the hypothesis side while shrinking', () => {
    const holds = (r: Regime) => theorem.hypothesis.check(r) === true;
    for (const seed of [1, 2, 3]) {
      const visited = shrinkCandidates(arb, seed);
      expect(visited.length).toBeGreaterThan(1);
      for (const r of visited) expect(holds(r)).toBe(mode !== 'outside');
    }
  });
});

describe('regime distributions', () => {
  it('log-uniform weights are unbiased: no pile-up at the shrink target or at λ = 1', () => {
    const sample = fc.sample(logUniform(1e-3, 10), { seed: 1, numRuns: 2000 });
    const exponents = sample.map(Math.log10);
    const mean = exponents.reduce((s, e) => s + e, 0) / exponents.length;
    expect(mean).toBeGreaterThan(-1.2); // uniform on [−3, 1] has mean −1
    expect(mean).toBeLessThan(-0.8);
    expect(sample.filter((v) => v === 0.01 || v === 1).length).toBeLessThan(10);
    expect(Math.min(...sample)).toBeGreaterThanOrEqual(1e-3);
    expect(Math.max(...sample)).toBeLessThanOrEqual(10);
    expect(() => logUniform(0, 1)).toThrow(/0 < min/);
  });

  it('near-threshold regimes are within 2% of c = 1; inside ones are not', () => {
    for (const r of fc.sample(modeArbitrary(tb22T31, 'near'), { seed: 3, numRuns: 100 })) expect(nearAnyThreshold(tb22T31, r)).toBe(true);
    const inside = fc.sample(modeArbitrary(tb22T31, 'inside'), { seed: 3, numRuns: 200 }).filter((r) => modeAccepts(tb22T31, 'inside', r));
    for (const r of inside) expect(nearAnyThreshold(tb22T31, r)).toBe(false);
  });

  it('the default generator draws every required parameter from its spec', () => {
    const r = fc.sample(regimeFromParameters(tb22B.parameters), { seed: 1, numRuns: 1 })[0];
    expect(Object.keys(r).sort()).toEqual(['K', 'd', 'lambdaB', 'lambdaH', 'lambdaW', 'n']);
    expect(r.lambdaB).toBe(0);
  });

  it('fixed-seed snapshot of the generated regimes (a change here changes every recorded replay path)', () => {
    const snapshot = cases.map(([t, m]) => [t.id, m, fc.sample(modeArbitrary(t, m), { seed: 42, numRuns: 3 })]);
    expect(snapshot).toMatchSnapshot();
  });
});
