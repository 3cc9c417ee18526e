// The suite has teeth: every mutant fixture (a built-in theorem with one wrong
// constant or the wrong geometry) must be reported violated inside its
// hypothesis, by one of the clauses expected to catch it — the same check
// `nc-check mutants` runs, here with one restart per regime to keep it quick.
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../src/backend/cpu-f64.ts';
import { clauseStatus } from '../src/verify/aggregate.ts';
import { verifyTheoremMode } from '../src/verify/runner.ts';
import { mutants } from '../theorems/mutants/index.ts';
import { builtinTheorems } from '../theorems/index.ts';

describe.each(mutants)('mutant $id', (mutant) => {
  it(`is caught (${mutant.mutation.description})`, async () => {
    const result = await verifyTheoremMode(mutant, 'inside', cpuF64, {
      modes: ['inside'],
      runs: Math.min(8, mutant.runs ?? 8),
      seed: 1,
      shrink: false,
      train: { restarts: 1 },
    });
    const violated = result.clauses.filter((a) => clauseStatus(a) === 'violated' && !a.violatedOnlyOutsideHypothesis).map((a) => a.clause);
    expect(violated.filter((c) => mutant.mutation.caughtBy.includes(c))).not.toEqual([]);
  });
});

it('every built-in theorem has at least one mutant, and every mutant keeps its base theorem\'s clauses', () => {
  for (const t of builtinTheorems) expect(mutants.some((m) => m.mutation.base === t.id)).toBe(true);
  for (const m of mutants) {
    const base = builtinTheorems.find((t) => t.id === m.mutation.base)!;
    expect(m.id.startsWith(`${base.id}~`)).toBe(true);
    expect(m.clauses.map((c) => c.id)).toEqual(base.clauses.map((c) => c.id));
    for (const c of m.mutation.caughtBy) expect(base.clauses.map((x) => x.id)).toContain(c);
  }
});
