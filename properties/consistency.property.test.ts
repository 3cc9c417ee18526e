// The consistency suite at a small budget: every pair of built-in entries whose hypotheses overlap predicts
// the same minimum and Grams there, and no region is claimed proved by one entry and refuted by another.
// A deliberately wrong normalization conversion (ZDZ+22 → TB22-B without the factor K on λ_H) must be caught.
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../src/backend/cpu-f64.ts';
import type { Regime } from '../src/regime/regime.ts';
import { clauseStatus } from '../src/verify/aggregate.ts';
import { consistencyTheorem } from '../src/verify/consistency.ts';
import { verifyTheoremMode } from '../src/verify/runner.ts';
import { consistencyRelations, consistencyTheorems, zhouToTb22 } from '../theorems/consistency.ts';
import sml23 from '../theorems/sml23.ts';
import sml24 from '../theorems/sml24-refutation.ts';

const RUNS = 12;

describe('consistency suite: built-in entries agree wherever their hypotheses overlap', () => {
  it.each(consistencyTheorems.map((t) => [t.id, t] as const))('%s', async (_id, theorem) => {
    const result = await verifyTheoremMode(theorem, 'inside', cpuF64, { modes: ['inside'], runs: RUNS, seed: 1 });
    expect(result.regimesEvaluated).toBe(RUNS);
    expect(result.regimesHypothesisHeld).toBe(RUNS);
    expect(result.counterexamples).toEqual([]);
    for (const a of result.clauses) expect([a.clause, clauseStatus(a)]).toEqual([a.clause, 'verified']);
  });

  it('finds a deliberately wrong normalization conversion (λ_H = n λ\'_H instead of K n λ\'_H): violated, naming both entries', async () => {
    const right = consistencyRelations.find((r) => r.a.id === 'ZDZ+22' && r.b.id === 'TB22-B')!;
    const wrong = consistencyTheorem({ ...right, convert: (r: Regime) => ({ ...zhouToTb22(r), lambdaH: (r.n as number) * (r.lambdaH as number) }) });
    const result = await verifyTheoremMode(wrong, 'inside', cpuF64, { modes: ['inside'], runs: RUNS, seed: 1, shrink: false });
    expect(wrong.id).toBe('ZDZ+22_vs_TB22-B');
    const loss = result.clauses.find((a) => a.clause === 'loss')!;
    expect(clauseStatus(loss)).toBe('violated');
    expect(result.counterexamples.some((c) => c.clause === 'loss' && c.theorem === 'ZDZ+22_vs_TB22-B')).toBe(true);
  });

  it('finds the overlapping regions of the former SML24 hypothesis ("K ≥ 3 or L ≥ 3" refuted, SML23 proves K = 2 at every depth)', async () => {
    const formerSml24 = { ...sml24, hypothesis: { ...sml24.hypothesis, check: (r: Regime) => (((r.K as number) >= 3 || (r.L as number) >= 3) && (r.d as number) >= (r.K as number)) || 'outside' } };
    const theorem = consistencyTheorem({ a: sml23, b: formerSml24, kind: 'disjoint', statement: 'former SML24 region', convert: (r) => r, regimes: consistencyTheorems.find((t) => t.id === 'SML23_vs_SML24')!.regimes!.inside!, quantities: [] });
    const result = await verifyTheoremMode(theorem, 'inside', cpuF64, { modes: ['inside'], runs: RUNS, seed: 1, shrink: false });
    expect(clauseStatus(result.clauses.find((a) => a.clause === 'region')!)).toBe('violated');
  });
});
